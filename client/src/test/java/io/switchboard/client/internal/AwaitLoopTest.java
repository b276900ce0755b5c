package io.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.AwaitListener;
import io.switchboard.client.CoordinatorUnreachableException;
import io.switchboard.client.SwitchboardClient;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwaitLoopTest {

  /** A client that is never reachable. */
  private static SwitchboardClient down() {
    return (SwitchboardClient)
        Proxy.newProxyInstance(
            SwitchboardClient.class.getClassLoader(),
            new Class<?>[] {SwitchboardClient.class},
            (proxy, method, args) -> {
              throw new CoordinatorUnreachableException("down", null, 0, false);
            });
  }

  @Test
  void shouldBackOffFrom250MsDoublingToTwoSeconds() {
    long[] now = {0};
    List<Long> pauses = new ArrayList<>();
    AwaitLoop loop =
        new AwaitLoop(
            down(),
            () -> now[0],
            millis -> {
              pauses.add(millis);
              now[0] += millis * 1_000_000;
            });

    assertThatThrownBy(() -> loop.await("inv", Duration.ofSeconds(10), AwaitListener.of(r -> {})))
        .isInstanceOf(CoordinatorUnreachableException.class);

    assertThat(pauses).startsWith(250L, 500L, 1000L, 2000L, 2000L);
    assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000L);
  }
}
