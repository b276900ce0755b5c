package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.devkit.FreePorts;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void shouldNeverHandOutTheSamePortTwiceInOneJvm() {
    // a broker's two listeners and the processes of one test each take a port; the OS may offer a port
    // it just closed to the next probe, so distinctness is the picker's job
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      assertThat(ports.add(FreePorts.pick("127.0.0.1"))).as("pick %d", i).isTrue();
    }
  }
}
