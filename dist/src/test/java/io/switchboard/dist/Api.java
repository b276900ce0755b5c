package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A few calls of the HTTP API, asserting the status, for end-to-end tests. */
record Api(String url, HttpClient http) {

  static Api at(String url) {
    return new Api(url, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
    return Json.mapper().readTree(response.body());
  }

  JsonNode submit(String body) throws Exception {
    return call("POST", "/v1/invocations?waitMs=240000", body, 200);
  }

  void putAgent(String json) throws Exception {
    String name = Json.mapper().readTree(json).path("name").asText();
    call("PUT", "/v1/agents/" + name, json, 200);
  }
}
