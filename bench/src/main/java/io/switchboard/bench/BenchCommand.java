package io.switchboard.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard bench}: starts its own broker, coordinator and worker as separate processes and
 * measures, on the same broker in the same run, raw Kafka request/reply (the floor) and Switchboard's
 * latency (W1), throughput (W2, W3), recovery (R1, R2) and memory (M1). One JSON line per figure on
 * stdout; progress on stderr; exit code 1 when any phase failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark Switchboard against raw Kafka on a broker, coordinator and worker it starts.",
        "Prints one JSON line per figure on stdout: {\"metric\": \"w1_p50_ms\", \"value\": ...}."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--only", split = ",", paramLabel = "PHASE",
      description = "Run only these phases: idle,raw,write,w1,w2,w3,idle_warm,r1,r2,m1 (default: all).")
  private List<String> only = new ArrayList<>();

  @Option(names = "--quick", description = "Smaller counts, for a smoke run of a minute or two.")
  private boolean quick;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON lines to FILE.")
  private Path out;

  @Option(names = "--chart", paramLabel = "DIR",
      description = "Write latency.png, throughput.png and their CSV data to DIR.")
  private Path chartDir;

  @Option(names = "--concurrency", defaultValue = "256", paramLabel = "N",
      description = "Tasks the worker runs at once. Default: ${DEFAULT-VALUE}.")
  private int concurrency;

  @Option(names = "--r1-delay-ms", paramLabel = "MS",
      description = "Delay of the slow echo agent whose join R1 interrupts. Default: 200 (the full run's tasks "
          + "then outlast the kill by ~6 s).")
  private Long r1DelayMs;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where broker data, coordinator state, logs and CSVs go (default: a new temp directory).")
  private Path workDir;

  @Option(names = "--jfr", paramLabel = "DIR",
      description = "Record a JFR profile of every coordinator and worker process into DIR (for finding where "
          + "the time goes; the recording itself costs a few percent).")
  private Path jfrDir;

  @Option(names = "--keep-data", description = "Keep the broker's and coordinator's data after the run.")
  private boolean keepData;

  @Option(names = "--jvm-option", paramLabel = "PROCESS=FLAG",
      description = "A JVM flag for the coordinator's or the worker's process only, after the launcher's own and "
          + "JAVA_OPTS (which go to every process); repeatable. E.g. coordinator=-XX:TieredStopAtLevel=1.")
  private List<String> jvmOptions = new ArrayList<>();

  @Spec
  private CommandSpec spec;

  private final PrintStream err = System.err;

  public BenchCommand() {}

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Set<Phase> phases = Phase.parse(only);
    Map<String, List<String>> processFlags = processFlags();
    Sizes sizes = quick ? Sizes.quick() : Sizes.full();
    if (r1DelayMs != null) {
      sizes = sizes.withR1DelayMs(r1DelayMs);
    }
    Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("switchboard-bench-");
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    long t0 = System.nanoTime();
    progress("pid " + ProcessHandle.current().pid() + ", work directory " + dir + ", topic prefix " + prefix + (quick ? ", quick" : "")
        + ", phases " + phases.stream().map(Phase::id).toList());
    Report report = new Report(System.out, Optional.ofNullable(out));
    Map<String, double[]> latencies = new LinkedHashMap<>();
    List<Phase> failed = new ArrayList<>();
    Cluster cluster;
    try {
      cluster = Cluster.start(dir, prefix, concurrency, sizes.r1DelayMs(), jfrDir, processFlags, this::progress);
    } catch (Exception e) {
      err.println("bench: ERROR could not start broker, coordinator and worker: " + e + " (logs in " + dir + ")");
      cleanUp(dir);
      return 1;
    }
    // whether each process runs from the start-up cache: without it a restart costs nearly twice the CPU
    cluster.pids().forEach((process, pid) -> StartupCache.mappedMb(pid)
        .ifPresent(mb -> report.metric("startup_cache_mb_" + process, mb)));
    try {
      Phases run = new Phases(cluster, sizes, report, latencies, this::progress);
      for (Phase phase : phases) {
        long start = System.nanoTime();
        progress(phase.id() + ": " + phase.description);
        try {
          if (phase != Phase.RAW && phase != Phase.WRITE) {
            cluster.ensureCoordinator();
          }
          run.run(phase);
          progress(phase.id() + " done in " + Elapsed.since(start));
        } catch (Exception | AssertionError e) {
          failed.add(phase);
          err.println("bench: ERROR " + phase.id() + " failed after " + Elapsed.since(start) + ": " + e);
          err.flush();
        }
      }
    } finally {
      try {
        cluster.close();
      } catch (Exception e) {
        err.println("bench: error while stopping the cluster: " + e);
      }
      report.ratio("w1_p50_vs_raw_rr", "w1_p50_ms", "raw_rr_p50_ms");
      report.ratio("w2_vs_raw_pipelined", "w2_tasks_per_s", "raw_pipelined_per_s");
      writeData(dir, report, latencies);
      cleanUp(dir);
    }
    progress(String.format(Locale.ROOT, "finished in %s; %s; logs and CSVs in %s", Elapsed.since(t0),
        failed.isEmpty() ? "every phase passed" : "FAILED: " + failed.stream().map(Phase::id).toList(), dir));
    return failed.isEmpty() ? 0 : 1;
  }

  private void cleanUp(Path dir) {
    if (keepData) {
      return;
    }
    try {
      Recovery.deleteTree(dir.resolve("kafka"));
      Recovery.deleteTree(dir.resolve("coordinator-state"));
    } catch (Exception e) {
      err.println("bench: could not delete the data in " + dir + ": " + e);
    }
  }

  private void writeData(Path dir, Report report, Map<String, double[]> latencies) {
    try {
      CsvOut.latencies(dir.resolve("latency.csv"), latencies);
      CsvOut.figures(dir.resolve("figures.csv"), report.figures());
      if (chartDir != null) {
        CsvOut.latencies(chartDir.resolve("latency.csv"), latencies);
        CsvOut.figures(chartDir.resolve("figures.csv"), report.figures());
        Charts.latencyCdf(chartDir.resolve("latency.png"), "Latency: Switchboard single echo (W1) vs raw Kafka "
            + "share-group round trip", latencies);
        Map<String, Double> bars = new LinkedHashMap<>();
        report.get("raw_pipelined_per_s").ifPresent(v -> bars.put("raw Kafka replies/s", v));
        report.get("w2_tasks_per_s").ifPresent(v -> bars.put("W2 all-join tasks/s", v));
        report.get("w3_tasks_per_s").ifPresent(v -> bars.put("W3 detached tasks/s", v));
        Charts.bars(chartDir.resolve("throughput.png"), "Throughput: Switchboard echo tasks vs raw Kafka "
            + "pipelined request/reply", "per second", bars);
        progress("charts in " + chartDir.toAbsolutePath());
      }
    } catch (Exception e) {
      err.println("bench: ERROR writing CSV/charts: " + e);
    }
  }

  private void progress(String message) {
    err.println("bench: " + message);
    err.flush();
  }

  /** {@code --jvm-option}s by process; a malformed one is a usage error. */
  private Map<String, List<String>> processFlags() {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (String option : jvmOptions) {
      int eq = option.indexOf('=');
      String process = eq < 0 ? "" : option.substring(0, eq);
      String flag = eq < 0 ? "" : option.substring(eq + 1);
      if (!Cluster.TUNABLE_PROCESSES.contains(process) || !flag.startsWith("-")) {
        throw new ParameterException(spec.commandLine(), "--jvm-option must be PROCESS=FLAG with PROCESS one of "
            + Cluster.TUNABLE_PROCESSES + " and FLAG starting with '-', got '" + option + "'");
      }
      flags.computeIfAbsent(process, p -> new ArrayList<>()).add(flag);
    }
    return flags;
  }
}
