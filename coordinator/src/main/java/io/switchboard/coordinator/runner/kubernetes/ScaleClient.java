package io.switchboard.coordinator.runner.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads and sets a Deployment's replicas through the API server's {@code scale} subresource, with the
 * service-account token (re-read on each call) and, over https, only the configured CA trusted.
 */
final class ScaleClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final KubernetesSettings settings;
  private final HttpClient http;

  ScaleClient(KubernetesSettings settings) {
    this.settings = settings;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    settings.caFile().ifPresent(ca -> builder.sslContext(trusting(ca)));
    this.http = builder.build();
  }

  /** The Deployment's desired replicas now. */
  int replicas() throws IOException, InterruptedException {
    HttpResponse<String> response = send(request().GET());
    JsonNode spec = Json.mapper().readTree(response.body()).path("spec");
    return spec.path("replicas").asInt(0);
  }

  /** Sets the Deployment's replicas. */
  void scale(int replicas) throws IOException, InterruptedException {
    send(request().header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":" + replicas + "}}")));
  }

  private HttpRequest.Builder request() throws IOException {
    String token = Files.readString(settings.tokenFile()).strip();
    return HttpRequest.newBuilder(settings.scaleUri()).timeout(TIMEOUT).header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpRequest built = request.build();
    HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String body = response.body();
      throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
          + body.substring(0, Math.min(300, body.length())));
    }
    return response;
  }

  private static SSLContext trusting(java.nio.file.Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new io.switchboard.coordinator.runner.RunnerConfigException("caFile", "cannot load " + caFile + ": "
          + e.getMessage());
    }
  }
}
