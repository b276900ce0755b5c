package io.switchboard.coordinator.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.config.CoordinatorConfig;
import io.switchboard.common.json.Json;
import io.switchboard.testkit.KafkaExtension;
import io.switchboard.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The context endpoints refuse bad input with the status and field api.md promises, keep serving, and
 * never half-apply a refused append (no entry, no seq used); paging follows {@code after}, {@code upTo},
 * {@code limit}; a finished task's context takes no more entries.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ContextApiTest {

  private static final int MAX_RECORD = 16 * 1024;

  private ContextHarness h;

  @BeforeAll
  void start(TestKafka kafka, @TempDir Path dir) throws Exception {
    h = new ContextHarness(kafka, dir, c -> new CoordinatorConfig(c.host(), c.port(), c.stateDir(), c.agentsFile(),
        64 * 1024, MAX_RECORD, c.apiTokens(), c.adminToken(), c.workerTimeout(), c.cancelGrace(),
        c.deadlineGrace(), c.taskLost()));
    h.spawn("api", null, null, "p=the prompt", "done=finish me");
    assertThat(h.append("api/p", "first")).isEqualTo(2);
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json        | hello                              | 400 | malformed     | ",
      "an array        | [1]                                | 400 | malformed     | ",
      "no content      | {}                                 | 422 | missing_field | content",
      "content number  | {\"content\":5}                    | 422 | invalid_value | content",
      "unknown field   | {\"content\":\"x\",\"colour\":1}   | 422 | unknown_field | colour",
      "bad role        | {\"content\":\"x\",\"role\":\"a b\"} | 422 | invalid_value | role",
      "bad author      | {\"content\":\"x\",\"author\":\"nokey\"} | 422 | invalid_value | author",
  })
  void shouldRefuseABadAppendNamingTheFieldAndApplyNothing(String name, String body, int status, String code,
      String field) throws Exception {
    long before = h.entries("api/p").size();
    JsonNode error = error(h.send("POST", "/v1/contexts/api/p/entries", body), status, code);
    if (field != null) {
      assertThat(error.path("field").asText()).isEqualTo(field);
    }
    assertThat(h.entries("api/p")).hasSize((int) before);
    assertStillServing();
  }

  @Test
  void shouldRefuseAnOversizedEntryWith413() throws Exception {
    String big = "{\"content\":\"" + "z".repeat(MAX_RECORD + 1) + "\"}";
    assertThat(error(h.send("POST", "/v1/contexts/api/p/entries", big), 413, "too_large").path("field").asText())
        .isEqualTo("content");
    String overBody = "{\"content\":\"" + "z".repeat(70 * 1024) + "\"}";
    error(h.send("POST", "/v1/contexts/api/p/entries", overBody), 413, "too_large");
    assertThat(h.contents("api/p")).doesNotContain("z".repeat(MAX_RECORD + 1));
    assertStillServing();
  }

  @Test
  void shouldAnswer404ForAnUnknownContext() throws Exception {
    error(h.send("GET", "/v1/contexts/nope/0", null), 404, "not_found");
    error(h.send("POST", "/v1/contexts/nope/0/entries", "{\"content\":\"x\"}"), 404, "not_found");
    assertStillServing();
  }

  @Test
  void shouldRefuseBadPagingParameters() throws Exception {
    assertThat(error(h.send("GET", "/v1/contexts/api/p?after=-1", null), 422, "invalid_value").path("field")
        .asText()).isEqualTo("after");
    assertThat(error(h.send("GET", "/v1/contexts/api/p?upTo=soon", null), 422, "invalid_value").path("field")
        .asText()).isEqualTo("upTo");
    assertThat(error(h.send("GET", "/v1/contexts/api/p?limit=0", null), 422, "invalid_value").path("field")
        .asText()).isEqualTo("limit");
    assertStillServing();
  }

  @Test
  void shouldPageByAfterUpToAndLimit() throws Exception {
    h.spawn("paged", null, null, "p=one");
    h.append("paged/p", "two");
    h.append("paged/p", "three");
    JsonNode first = h.call("GET", "/v1/contexts/paged/p?limit=2", null, 200);
    assertThat(ContextScopeTest.contents(list(first))).containsExactly("one", "two");
    assertThat(first.path("next").asLong()).isEqualTo(2);
    JsonNode rest = h.call("GET", "/v1/contexts/paged/p?after=2", null, 200);
    assertThat(ContextScopeTest.contents(list(rest))).containsExactly("three");
    assertThat(rest.path("next").isNull()).isTrue();
    JsonNode upTo = h.call("GET", "/v1/contexts/paged/p?after=1&upTo=2", null, 200);
    assertThat(ContextScopeTest.contents(list(upTo))).containsExactly("two");
    assertThat(upTo.path("open").asBoolean()).isTrue();
  }

  @Test
  void shouldCloseAContextWhenItsTaskFinishes() throws Exception {
    h.append("api/done", "while running");
    h.worker.succeed("api/done", "the answer");
    h.awaitStatus("api/done", "succeeded");
    JsonNode error = error(h.send("POST", "/v1/contexts/api/done/entries", "{\"content\":\"late\"}"), 409,
        "conflict");
    assertThat(error.path("message").asText()).contains("closed");
    JsonNode view = h.view("api/done");
    assertThat(view.path("open").asBoolean()).isFalse();
    assertThat(ContextScopeTest.contents(list(view))).containsExactly("finish me", "while running", "the answer");
    assertThat(list(view).getLast().path("kind").asText()).isEqualTo("output");
  }

  @Test
  void shouldGiveTheNextSeqAfterRefusalsSoNothingWasHalfApplied() throws Exception {
    h.spawn("seq", null, null, "p=start");
    assertThat(h.append("seq/p", "a")).isEqualTo(2);
    error(h.send("POST", "/v1/contexts/seq/p/entries", "{}"), 422, "missing_field");
    error(h.send("POST", "/v1/contexts/seq/p/entries", "{\"content\":\"" + "z".repeat(MAX_RECORD) + "\"}"), 413,
        "too_large");
    assertThat(h.append("seq/p", "b")).isEqualTo(3);
    assertThat(h.contents("seq/p")).containsExactly("start", "a", "b");
  }

  private static java.util.List<JsonNode> list(JsonNode page) {
    java.util.List<JsonNode> entries = new java.util.ArrayList<>();
    page.path("entries").forEach(entries::add);
    return entries;
  }

  private JsonNode error(HttpResponse<String> response, int status, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = Json.mapper().readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
    return error;
  }

  private void assertStillServing() throws Exception {
    h.call("GET", "/healthz", null, 200);
    assertThat(h.contents("api/p")).startsWith("the prompt", "first");
  }
}
