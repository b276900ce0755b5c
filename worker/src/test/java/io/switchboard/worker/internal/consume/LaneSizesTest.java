package io.switchboard.worker.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LaneSizesTest {

  @Test
  void shouldOpenOneLaneUpTo64Tasks() {
    assertThat(LaneSizes.split(1)).containsExactly(1);
    assertThat(LaneSizes.split(8)).containsExactly(8);
    assertThat(LaneSizes.split(64)).containsExactly(64);
  }

  @Test
  void shouldAddALanePer64TasksUpToEight() {
    assertThat(LaneSizes.split(65)).containsExactly(33, 32);
    assertThat(LaneSizes.split(256)).containsExactly(64, 64, 64, 64);
    assertThat(LaneSizes.split(1000)).containsExactly(125, 125, 125, 125, 125, 125, 125, 125);
    for (int concurrency = 1; concurrency <= 2000; concurrency++) {
      int[] sizes = LaneSizes.split(concurrency);
      assertThat(Arrays.stream(sizes).sum()).isEqualTo(concurrency);
      assertThat(sizes.length).isEqualTo(Math.min(8, (concurrency + 63) / 64));
      assertThat(Arrays.stream(sizes).max().orElseThrow() - Arrays.stream(sizes).min().orElseThrow())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void shouldRefuseConcurrencyBelowOne() {
    assertThatThrownBy(() -> LaneSizes.split(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
