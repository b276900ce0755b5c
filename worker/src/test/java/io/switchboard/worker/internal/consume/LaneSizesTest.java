package io.switchboard.worker.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LaneSizesTest {

  @Test
  void shouldOpenOneLanePerTaskUpToEight() {
    assertThat(LaneSizes.split(1)).containsExactly(1);
    assertThat(LaneSizes.split(3)).containsExactly(1, 1, 1);
    assertThat(LaneSizes.split(8)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1);
  }

  @Test
  void shouldSplitLargerConcurrencyIntoEightLanesThatAddUpExactly() {
    assertThat(LaneSizes.split(10)).containsExactly(2, 2, 1, 1, 1, 1, 1, 1);
    for (int concurrency = 1; concurrency <= 200; concurrency++) {
      int[] sizes = LaneSizes.split(concurrency);
      assertThat(Arrays.stream(sizes).sum()).isEqualTo(concurrency);
      assertThat(sizes.length).isEqualTo(Math.min(concurrency, 8));
      assertThat(Arrays.stream(sizes).max().orElseThrow() - Arrays.stream(sizes).min().orElseThrow()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void shouldRefuseConcurrencyBelowOne() {
    assertThatThrownBy(() -> LaneSizes.split(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
