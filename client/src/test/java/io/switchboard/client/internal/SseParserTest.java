package io.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private static List<ServerSentEvent> parse(String... lines) {
    SseParser parser = new SseParser();
    List<ServerSentEvent> events = new ArrayList<>();
    for (String line : lines) {
      parser.accept(line).ifPresent(events::add);
    }
    return events;
  }

  @Test
  void shouldJoinMultiLineDataWithNewlines() {
    assertThat(parse("event: log", "data: first", "data:second", "data:  third", ""))
        .containsExactly(new ServerSentEvent("log", "first\nsecond\n third", null));
  }

  @Test
  void shouldIgnoreCommentsAndNameEventsWithoutEventLineMessage() {
    assertThat(parse(": keep-alive", "", "id: 7", "data: {\"a\":1}", ""))
        .containsExactly(new ServerSentEvent("message", "{\"a\":1}", "7"));
  }

  @Test
  void shouldNotDispatchEventsWithoutDataAndDropAnUnfinishedOne() {
    assertThat(parse("event: heartbeat", "", "event: status", "data: x")).isEmpty();
  }

  @Test
  void shouldTreatAFieldWithoutColonAsEmptyValueAndResetTheNameAfterEachEvent() {
    assertThat(parse("event: result", "data", "", "data: y", ""))
        .containsExactly(
            new ServerSentEvent("result", "", null), new ServerSentEvent("message", "y", null));
  }
}
