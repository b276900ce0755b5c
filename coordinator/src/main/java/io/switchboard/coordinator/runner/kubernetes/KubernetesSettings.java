package io.switchboard.coordinator.runner.kubernetes;

import io.switchboard.common.config.RunnerConfig;
import io.switchboard.coordinator.runner.PrivateConfig;
import io.switchboard.coordinator.runner.RunnerConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The private config of a {@code kubernetes} runner, parsed and validated (see docs/runners.md): which
 * Deployment to scale, between which replica counts, and how to reach the API server.
 *
 * @param apiServer the API server's base URL
 * @param namespace the Deployment's namespace
 * @param deployment the worker Deployment of the runner
 * @param minReplicas replicas when idle
 * @param maxReplicas replicas at most
 * @param concurrency each pod's {@code --concurrency}, to size the replicas
 * @param idle idle this long scales down to {@code minReplicas}
 * @param tokenFile the service-account token, re-read on every call (tokens rotate)
 * @param caFile the API server's CA (https only)
 */
public record KubernetesSettings(URI apiServer, String namespace, String deployment, int minReplicas,
    int maxReplicas, int concurrency, Duration idle, Path tokenFile, Optional<Path> caFile) {

  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private static final Set<String> FIELDS = Set.of("apiServer", "namespace", "deployment", "minReplicas",
      "maxReplicas", "concurrency", "idleMs", "tokenFile", "caFile");
  private static final String NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  /** Parses {@code runner}'s config; {@code serviceAccount} holds the pod's defaults (namespace, token, CA). */
  public static KubernetesSettings parse(RunnerConfig runner, Path serviceAccount) {
    PrivateConfig config = new PrivateConfig(runner.config()).refuseUnknown(FIELDS);
    String deployment = config.text("deployment")
        .orElseThrow(() -> new RunnerConfigException("deployment", "required: the worker Deployment to scale"));
    name("deployment", deployment, 253);
    String namespace = config.text("namespace").or(() -> read(serviceAccount.resolve("namespace")))
        .orElseThrow(() -> new RunnerConfigException("namespace", "required outside a pod (no "
            + serviceAccount.resolve("namespace") + ")"));
    name("namespace", namespace, 63);
    int min = (int) config.integer("minReplicas", 0, 0, 10_000);
    int max = (int) config.integer("maxReplicas", Math.max(1, min), 1, 10_000);
    if (max < min) {
      throw new RunnerConfigException("maxReplicas", "must be >= minReplicas (" + min + "): " + max);
    }
    URI api = config.text("apiServer").map(KubernetesSettings::uri)
        .orElse(URI.create("https://kubernetes.default.svc"));
    Path token = config.text("tokenFile").map(Path::of).orElse(serviceAccount.resolve("token"));
    if (!Files.isReadable(token)) {
      throw new RunnerConfigException("tokenFile", "cannot read " + token);
    }
    Optional<Path> ca = Optional.empty();
    if (api.getScheme().equals("https")) {
      Path caFile = config.text("caFile").map(Path::of).orElse(serviceAccount.resolve("ca.crt"));
      if (!Files.isReadable(caFile)) {
        throw new RunnerConfigException("caFile", "cannot read " + caFile);
      }
      ca = Optional.of(caFile);
    }
    return new KubernetesSettings(api, namespace, deployment, min, max,
        (int) config.integer("concurrency", 8, 1, 10_000),
        Duration.ofMillis(config.integer("idleMs", 300_000, 1, Long.MAX_VALUE)), token, ca);
  }

  /** The scale subresource of the Deployment. */
  URI scaleUri() {
    String base = apiServer.toString().replaceAll("/+$", "");
    return URI.create(base + "/apis/apps/v1/namespaces/" + namespace + "/deployments/" + deployment + "/scale");
  }

  private static URI uri(String text) {
    try {
      URI uri = URI.create(text);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("expected http(s)://host[:port]");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new RunnerConfigException("apiServer", e.getMessage());
    }
  }

  private static void name(String field, String value, int maxLength) {
    if (value.length() > maxLength || !value.matches(NAME)) {
      throw new RunnerConfigException(field, "not a Kubernetes name (lower-case letters, digits, '-'): '"
          + value + "'");
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
