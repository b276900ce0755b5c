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

  /** One call whatever its status; a connection failure is thrown as it is. */
  HttpResponse<String> send(String method, String path, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Repeats a call until it answers {@code expectedStatus}, through connection errors and other
   * statuses (a coordinator restarting answers 503 or not at all), for at most {@code within}.
   */
  JsonNode awaitStatus(String method, String path, String body, int expectedStatus, Duration within)
      throws Exception {
    long end = System.nanoTime() + within.toNanos();
    String last = "no answer";
    while (System.nanoTime() < end) {
      try {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() == expectedStatus) {
          return Json.mapper().readTree(response.body());
        }
        last = response.statusCode() + " " + response.body();
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(method + " " + path + " did not answer " + expectedStatus + " within " + within
        + "; last: " + last);
  }

  JsonNode submit(String body) throws Exception {
    return call("POST", "/v1/invocations?waitMs=240000", body, 200);
  }

  void putAgent(String json) throws Exception {
    String name = Json.mapper().readTree(json).path("name").asText();
    call("PUT", "/v1/agents/" + name, json, 200);
  }
}
