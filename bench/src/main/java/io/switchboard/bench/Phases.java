package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs one phase against the cluster and reports its figures. */
final class Phases {

  private static final java.time.Duration IDLE = java.time.Duration.ofSeconds(10);
  private static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(3);

  private final Cluster cluster;
  private final Sizes sizes;
  private final Report report;
  private final Map<String, double[]> latencies;
  private final Consumer<String> progress;

  Phases(Cluster cluster, Sizes sizes, Report report, Map<String, double[]> latencies, Consumer<String> progress) {
    this.cluster = cluster;
    this.sizes = sizes;
    this.report = report;
    this.latencies = latencies;
    this.progress = progress;
  }

  void run(Phase phase) throws Exception {
    Workloads workloads = new Workloads(cluster.api(), progress);
    switch (phase) {
      case IDLE -> idle("idle_cpu_pct_");
      case IDLE_WARM -> {
        Thread.sleep(SETTLE.toMillis()); // the last phase's acknowledgements and writes are done
        idle("idle_warm_cpu_pct_");
      }
      case RAW -> {
        RawKafka raw = new RawKafka(cluster.bootstrap(), cluster.topicPrefix(), progress);
        double[] rr = raw.roundTrips(sizes.rawWarmup(), sizes.rawRoundTrips());
        latencies.put("raw_rr", rr);
        report.metric("raw_rr_p50_ms", Percentiles.of(rr, 50));
        report.metric("raw_rr_p99_ms", Percentiles.of(rr, 99));
        // the echo and its client run in this process: its JIT is watched with the broker's
        Map<String, Long> pids = Map.of("broker", cluster.pids().get("broker"), "bench", ProcessHandle.current().pid());
        RawKafka.Pipelined pipelined = raw.pipelined(sizes.rawPipelined(), sizes.rawWindow(), pids,
            sizes.warmupBudget());
        report.metric("raw_pipelined_per_s", pipelined.repliesPerSecond());
        // what the same broker spends per task in W2 and W3 is compared with this
        pipelined.cpuMicrosPerReply().forEach((process, micros) ->
            report.metric("raw_cpu_us_per_reply_" + process, micros));
      }
      case WRITE -> {
        WritePath writes = new WritePath(cluster.bootstrap(), cluster.topicPrefix(), progress);
        for (int envelopes : new int[] {1, 100}) {
          Map<String, double[]> measured = writes.measure(50, 300, envelopes);
          report.metric("write_idempotent_" + envelopes + "_p50_ms", Percentiles.of(measured.get("idempotent"), 50));
          report.metric("write_transaction_" + envelopes + "_p50_ms", Percentiles.of(measured.get("transaction"), 50));
        }
      }
      case W1 -> {
        Workloads.Singles singles = workloads.singleLatencies(sizes.w1Warmup(), sizes.w1Count());
        double[] w1 = singles.latencies();
        latencies.put("w1", w1);
        report.metric("w1_p50_ms", Percentiles.of(w1, 50));
        report.metric("w1_p90_ms", Percentiles.of(w1, 90));
        report.metric("w1_p99_ms", Percentiles.of(w1, 99));
        // read back after the run, so that the reads do not slow the invocations they describe
        singles.stages().measure(cluster.api()).forEach((stage, millis) -> {
          if (millis.length > 0) {
            report.metric("w1_stage_" + stage + "_p50_ms", Percentiles.of(millis, 50));
          }
        });
      }
      case W2 -> {
        List<Workloads.Join> measured = new ArrayList<>(1);
        throughput("w2", sizes.w2Targets(), () -> workloads.joinThroughput(sizes.warmupTargets()), () -> {
          measured.add(workloads.join(sizes.w2Targets()));
          return measured.getFirst().tasksPerSecond();
        });
        // read back after the run, so that the reads do not slow the join they describe
        W2Stages.measure(cluster.api(), measured.getFirst())
            .forEach((stage, millis) -> report.metric("w2_stage_" + stage + "_ms", millis));
      }
      case W3 -> throughput("w3", (long) sizes.w3Invocations() * sizes.w3Targets(),
          () -> workloads.detachedThroughput(sizes.warmupTargets() / sizes.w3Targets(), sizes.w3Targets()),
          () -> workloads.detachedThroughput(sizes.w3Invocations(), sizes.w3Targets()));
      case R1 -> {
        Recovery.CrashFigures r1 = new Recovery(cluster, progress).crash(sizes.r1Targets());
        report.metric("r1_ready_ms", r1.readyMs());
        report.metric("r1_join_ms", r1.joinMs());
        restartCpu("r1", r1.readyCpu());
      }
      case R2 -> {
        Recovery.RebuildFigures r2 = new Recovery(cluster, progress).rebuild();
        report.metric("r2_ready_ms", r2.readyMs());
        report.metric("r2_results_per_s", r2.results() / (r2.readyMs() / 1000.0));
        restartCpu("r2", r2.readyCpu());
      }
      case M1 -> report.metric("m1_rss_mb", new MemoryInFlight(cluster, progress).rssMb(sizes.m1Invocations(),
          sizes.m1Targets()));
    }
  }

  /**
   * The CPU a coordinator's start took until it was ready ({@code <phase>_ready_cpu_ms_coordinator}), the
   * part of it its JIT compilers took ({@code <phase>_ready_jit_cpu_ms_coordinator}), and what the other
   * processes spent meanwhile ({@code <phase>_ready_cpu_ms_<process>}): a figure the box's load moves much
   * less than the time to ready, and what that time was short of.
   */
  private void restartCpu(String phase, Recovery.RestartCpu cpu) {
    report.metric(phase + "_ready_cpu_ms_coordinator", cpu.coordinatorMs());
    report.metric(phase + "_ready_jit_cpu_ms_coordinator", cpu.coordinatorJitMs());
    cpu.othersMs().forEach((process, ms) -> report.metric(phase + "_ready_cpu_ms_" + process, ms));
  }

  /** CPU of each process over {@link #IDLE} with no work, as {@code <prefix><process>}. */
  private void idle(String prefix) throws InterruptedException {
    CpuUse cpu = CpuUse.start(cluster.pids());
    Thread.sleep(IDLE.toMillis());
    cpu.percentOfCore(IDLE).forEach((process, percent) -> report.metric(prefix + process, percent));
  }

  /**
   * A throughput phase after unmeasured, smaller rounds of the same workload ({@code warmup}: the code a
   * detached run makes hot is not all the code a join makes hot): {@code <phase>_tasks_per_s}, and
   * {@code <phase>_cpu_us_per_task_<process>}, where the phase's CPU went, per task.
   */
  private void throughput(String phase, long tasks, Callable<?> warmup, Callable<Double> measure) throws Exception {
    int rounds = Warmup.untilCompiled(phase, cluster.pids(), warmup, sizes.warmupBudget(), progress);
    report.metric(phase + "_warmup_rounds", rounds);
    CpuUse cpu = CpuUse.start(cluster.pids());
    report.metric(phase + "_tasks_per_s", measure.call());
    cpu.microsPerTask(tasks).forEach((process, micros) ->
        report.metric(phase + "_cpu_us_per_task_" + process, micros));
    report.metric(phase + "_jit_cpu_pct", 100 * cpu.compilerShare());
  }
}
