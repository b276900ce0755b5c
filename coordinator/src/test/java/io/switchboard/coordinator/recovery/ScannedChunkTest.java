package io.switchboard.coordinator.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import io.switchboard.common.model.Target;
import io.switchboard.common.wire.InvocationRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A rebuild scans target chunks for their task ids instead of decoding them: what the scan accepts, a full
 * decode accepts too, with the same task ids; what it cannot vouch for it leaves to the full decode.
 */
class ScannedChunkTest {

  @Test
  void shouldReadTheTaskIdsOfAChunkAsTheCoordinatorWritesItAndItsTargetsOnlyWhenAsked() {
    List<Target> targets = List.of(
        Target.of("echo", "x".repeat(300)).withTaskId("0"),
        new Target("review", "claude", "a short label", "review \"this\"\n\u00e9", null, 12, 5_000_000_000L,
            null, null),
        new Target("structured", "claude", null, null,
            JsonNodeFactory.instance.objectNode().put("a", 1).set("b", JsonNodeFactory.instance.arrayNode().add(2)),
            null, null, JsonNodeFactory.instance.objectNode().put("type", "object"), null));
    byte[] value = JsonCodec.encode(new InvocationRecord.TargetsChunk("inv-1", 2, 40, targets));

    Optional<ScannedChunk> scanned = ScannedChunk.scan(value);

    assertThat(scanned).isPresent();
    assertThat(scanned.get().invocationId()).isEqualTo("inv-1");
    assertThat(scanned.get().chunk()).isEqualTo(2);
    assertThat(scanned.get().firstIndex()).isEqualTo(40);
    assertThat(scanned.get().taskIds()).containsExactly("0", "review", "structured");
    assertThat(scanned.get().targets()).isEqualTo(targets);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"promt\":\"x\"}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"taskId\":\"1\"}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"maxSteps\":1.5}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"maxSteps\":\"3\"}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"maxSteps\":3000000000}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"agent\":5}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[null]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":-1,\"firstIndex\":0,\"targets\":[]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[]} {}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\"}]",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"extra\":1,\"targets\":[]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":{\"a\":1},\"chunk\":0,\"firstIndex\":0,\"targets\":[]}",
      "{\"type\":\"targets_chunk\",\"chunk\":0,\"firstIndex\":0,\"targets\":[]}",
      "{\"type\":\"no_such_type\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[]}",
      "[]",
      "not json",
  })
  void shouldLeaveWhatAFullDecodeRefusesToIt(String json) {
    byte[] value = json.getBytes(StandardCharsets.UTF_8);

    assertThat(ScannedChunk.scan(value)).isEmpty();
    assertThat(JsonCodec.decode(value, InvocationRecord.class)).isInstanceOf(Decoded.Invalid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"agent\":\"a\",\"prompt\":\"p\",\"supervisor\":{\"onFailure\":\"stop\"}}]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"agent\":\"a\",\"prompt\":\"p\"}]}",
  })
  void shouldLeaveWhatItDoesNotLookIntoToTheFullDecode(String json) {
    byte[] value = json.getBytes(StandardCharsets.UTF_8);

    assertThat(ScannedChunk.scan(value)).isEmpty();
    assertThat(JsonCodec.decode(value, InvocationRecord.class)).isInstanceOf(Decoded.Ok.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"targets\":[{\"prompt\":null,\"taskId\":\"a\",\"input\":[1,{\"x\":null}],\"timeoutMs\":null}],\"firstIndex\":3,\"chunk\":1,\"invocationId\":\"i\",\"type\":\"targets_chunk\"}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[]}",
      "{\"type\":\"targets_chunk\",\"invocationId\":\"i\",\"chunk\":0,\"firstIndex\":0,\"targets\":[{\"taskId\":\"0\",\"maxSteps\":7,\"outputSchema\":true}]}",
  })
  void shouldAcceptOnlyWhatAFullDecodeAcceptsWithTheSameTaskIds(String json) {
    byte[] value = json.getBytes(StandardCharsets.UTF_8);

    Optional<ScannedChunk> scanned = ScannedChunk.scan(value);

    assertThat(scanned).isPresent();
    var decoded = JsonCodec.decode(value, InvocationRecord.class);
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    var chunk = (InvocationRecord.TargetsChunk) ((Decoded.Ok<InvocationRecord>) decoded).value();
    assertThat(scanned.get().taskIds()).isEqualTo(chunk.targets().stream().map(Target::taskId).toList());
    assertThat(scanned.get().targets()).isEqualTo(chunk.targets());
  }
}
