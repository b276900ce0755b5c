package io.switchboard.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Instants read and written without DateTimeFormatter: the same text and values as before, or the old path. */
class IsoInstantsTest {

  /** The same settings with java.time's own Instant reader and writer: what the mapper did before. */
  private static final ObjectMapper REFERENCE = Json.settings().build();

  @Test
  void shouldWriteAndReadEveryInstantAsInstantToStringAndParseDo() {
    Random random = new Random(20261206);
    for (int i = 0; i < 200_000; i++) {
      long second = Math.floorMod(random.nextLong(), 253_402_300_800L);
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(second, nano);
      String text = IsoInstants.format(instant);
      assertThat(text).isEqualTo(instant.toString());
      assertThat(IsoInstants.parse(text)).isEqualTo(instant);
      if (i % 50 == 0) { // and as the mapper writes it, into a generator without a String between
        assertThat(JsonCodec.encodeString(instant)).isEqualTo("\"" + instant + "\"");
      }
    }
    assertThat(JsonCodec.encodeString(Instant.MAX)).isEqualTo("\"" + Instant.MAX + "\"");
  }

  @Test
  void shouldReadShortFractionsAsInstantParseDoes() {
    for (String text : List.of("2026-12-06T05:33:53.1Z", "2026-12-06T05:33:53.12Z", "2026-12-06T05:33:53.1234Z",
        "2024-02-29T23:59:59.000000001Z", "2000-01-01T00:00:00Z")) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void shouldLeaveEveryOtherShapeToTheGeneralParser() {
    for (String text : List.of("", "2026-12-06", "2026-12-06T05:33:53", "2026-12-06T05:33:53.Z",
        "2026-12-06T05:33:53.1234567890Z", "2026-12-06T24:00:00Z", "2026-12-06T05:60:00Z", "2026-12-06T05:33:60Z",
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-06t05:33:53Z", "2026-12-06T05:33:53+01:00",
        "+12026-12-06T05:33:53Z", "2026-1a-06T05:33:53Z", "2026-12-06T05:33:53.12a4Z")) {
      assertThat(IsoInstants.parse(text)).as(text).isNull();
    }
    assertThat(IsoInstants.format(Instant.parse("1969-12-31T23:59:59.5Z"))).isEqualTo("1969-12-31T23:59:59.500Z");
    assertThat(IsoInstants.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
  }

  @Test
  void shouldDecodeAndEncodeThroughTheMapperAsJavaTimeModuleAlone() {
    for (String json : List.of("\"2026-12-06T05:33:53.123Z\"", "\"2026-12-06T05:33:53Z\"",
        "\"2026-12-06T05:33:53+01:00\"", "\"1969-12-31T23:59:59Z\"", "\"1969-12-31T23:59:60Z\"", "12345",
        "12345.5", "\"2026-02-30T00:00:00Z\"", "\"soon\"", "true", "null")) {
      assertThat(roundTrip(Json.mapper(), json)).as(json).isEqualTo(roundTrip(REFERENCE, json));
    }
    assertThat(roundTrip(Json.mapper(), "\"2026-12-06T05:33:53.120Z\"")).isEqualTo("\"2026-12-06T05:33:53.120Z\"");
  }

  /** What {@code mapper} makes of {@code json} read as an Instant and written again, or how it refused. */
  private static String roundTrip(ObjectMapper mapper, String json) {
    try {
      return mapper.writeValueAsString(mapper.readValue(json, Instant.class));
    } catch (Exception e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
