package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The harness's pure parts; the benchmark itself is never run by tests (speed is shown by the harness). */
class HarnessPartsTest {

  @TempDir
  Path dir;

  @Test
  void shouldTakeNearestRankPercentiles() {
    double[] samples = new double[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // 100 .. 1, unsorted
    }
    assertThat(Percentiles.of(samples, 50)).isEqualTo(50);
    assertThat(Percentiles.of(samples, 90)).isEqualTo(90);
    assertThat(Percentiles.of(samples, 99)).isEqualTo(99);
    assertThat(Percentiles.of(samples, 100)).isEqualTo(100);
    assertThat(Percentiles.of(new double[] {7}, 99)).isEqualTo(7);
    assertThat(samples[0]).isEqualTo(100); // not sorted in place
    assertThatThrownBy(() -> Percentiles.of(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldPrintOneExactJsonLinePerFigureAndKeepThemForTheFile() throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Path file = dir.resolve("out/figures.jsonl");
    Report report = new Report(new PrintStream(stdout, true, StandardCharsets.UTF_8), Optional.of(file));

    report.metric("w1_p50_ms", 12.34567);
    report.metric("w2_tasks_per_s", 4200.0);
    report.metric("raw_rr_p50_ms", 2.0);
    report.ratio("w1_p50_vs_raw_rr", "w1_p50_ms", "raw_rr_p50_ms");
    report.ratio("w2_vs_raw_pipelined", "w2_tasks_per_s", "raw_pipelined_per_s"); // no raw figure: skipped

    List<String> expected = List.of(
        "{\"metric\": \"w1_p50_ms\", \"value\": 12.346}",
        "{\"metric\": \"w2_tasks_per_s\", \"value\": 4200}",
        "{\"metric\": \"raw_rr_p50_ms\", \"value\": 2}",
        "{\"metric\": \"w1_p50_vs_raw_rr\", \"value\": 6.173}");
    assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(expected);
    assertThat(Files.readAllLines(file)).containsExactlyElementsOf(expected);
    assertThat(Report.number(0.0004)).isEqualTo("0");
    assertThat(Report.number(1.5e7)).isEqualTo("15000000");
  }

  @Test
  void shouldWriteBothChartsAsPngs() throws Exception {
    Map<String, double[]> latencies = new LinkedHashMap<>();
    latencies.put("raw_rr", new double[] {1.8, 2.1, 2.4, 3.0, 9.5});
    latencies.put("w1", new double[] {6.0, 7.5, 8.1, 12.0, 40.2});
    Charts.latencyCdf(dir.resolve("charts/latency.png"), "latency", latencies);
    Map<String, Double> bars = new LinkedHashMap<>();
    bars.put("raw Kafka replies/s", 52_000.0);
    bars.put("W2 all-join tasks/s", 3_100.0);
    Charts.bars(dir.resolve("charts/throughput.png"), "throughput", "per second", bars);

    for (String name : List.of("latency.png", "throughput.png")) {
      var image = ImageIO.read(dir.resolve("charts").resolve(name).toFile());
      assertThat(image).as(name).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
    }
    assertThat(Charts.niceCeiling(52_000)).isEqualTo(100_000);
    assertThat(Charts.niceCeiling(1_900)).isEqualTo(2_000);
  }

  @Test
  void shouldWriteTheCsvsTheChartsAreDrawnFrom() throws Exception {
    CsvOut.latencies(dir.resolve("latency.csv"), Map.of("w1", new double[] {5.25, 6}));
    CsvOut.figures(dir.resolve("figures.csv"), Map.of("w2_tasks_per_s", 1234.5));
    assertThat(Files.readAllLines(dir.resolve("latency.csv"))).containsExactly("series,index,ms", "w1,0,5.25", "w1,1,6");
    assertThat(Files.readAllLines(dir.resolve("figures.csv"))).containsExactly("metric,value", "w2_tasks_per_s,1234.5");
  }

  @Test
  void shouldParseOnlyAndRefuseUnknownPhases() {
    assertThat(Phase.parse(List.of())).hasSize(Phase.values().length);
    assertThat(Phase.parse(List.of("w1", " R2 "))).isEqualTo(Set.of(Phase.W1, Phase.R2));
    assertThatThrownBy(() -> Phase.parse(List.of("w9"))).hasMessageContaining("w9")
        .hasMessageContaining("known: idle,raw,write,w1,w2,w3,idle_warm,r1,r2,m1");
    assertThat(Phase.parse(List.of("idle_warm"))).isEqualTo(Set.of(Phase.IDLE_WARM));
  }

  @Test
  void shouldReadTheCpuOfThisJvmsCompilerThreads() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    // this JVM has compiled JUnit and AssertJ by now: over 10 ms of its compiler threads' time
    assertThat(CompilerCpu.of(ProcessHandle.current().pid())).isPositive();
    assertThat(CompilerCpu.of(Long.MAX_VALUE)).isZero(); // no such process
  }

  @Test
  void shouldCountTheCpuAProcessSpentSinceTheStart() {
    CpuUse cpu = CpuUse.start(Map.of("bench", ProcessHandle.current().pid()));
    long spin = System.nanoTime() + 300_000_000L;
    long sum = 0;
    while (System.nanoTime() < spin) {
      sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
    }
    assertThat(sum).isPositive();
    // the OS counts in ticks of 10 ms; 300 ms of spinning is at least 100 ms on any scheduler
    assertThat(cpu.millis().get("bench")).isGreaterThanOrEqualTo(100.0);
    assertThat(CpuUse.cpu(ProcessHandle.current().pid())).isGreaterThan(Duration.ofMillis(100));
  }

  @Test
  void shouldEndTheWarmUpOnceAWholeWindowOfRoundsWentWithoutCompilation() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start(); // no JIT: every round is quiet
    try {
      int[] calls = {0};
      List<String> said = new java.util.ArrayList<>();
      long t0 = System.nanoTime();
      int rounds = Warmup.untilCompiled("test", Map.of("sleep", sleeper.pid()), () -> {
        Thread.sleep(500);
        return ++calls[0];
      }, java.time.Duration.ofSeconds(30), said::add);
      // one quiet round is not enough: the rounds of the last 5 s must all be (10 rounds of 0.5 s, fewer if a
      // busy machine oversleeps them)
      assertThat(rounds).isEqualTo(calls[0]).isBetween(2, 11);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Warmup.QUIET_WINDOW).isLessThan(java.time.Duration.ofSeconds(20));
      assertThat(said).singleElement().asString().startsWith("test warmed up in " + rounds + " rounds")
          .endsWith("0% JIT compilation");
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void shouldStartTheBrokerFromTheLaunchersStartUpCacheWithoutTheCoordinatorsHeapTuning() {
    String launcher = String.join("\n", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:GCTimeRatio=4",
        "-Xms64m", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseCompactObjectHeaders", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching",
        "-XX:AOTCache=/x/switchboard.aot");
    assertThat(JavaProcess.brokerFlags(launcher)).containsExactly("--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED", "-XX:+UseCompactObjectHeaders", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:-AOTAdapterCaching", "-XX:AOTCache=/x/switchboard.aot");
    assertThat(JavaProcess.brokerFlags(null)).isEmpty(); // not started by the launcher: the broker's own flags
  }

  @Test
  void shouldTellFromVmInfoWhetherAProcessRunsFromTheStartUpCache() {
    String withCache = "CDS archive(s) mapped at: [0x000000006d000000-0x000000007358f000-0x000000007358f000), "
        + "size 106491904, SharedBaseAddress: 0x000000006d000000, ArchiveRelocationMode: 1.\nCDS: on\n";
    String jdkOnly = "CDS archive(s) mapped at: [0x0000000012000000-0x0000000012e51000-0x0000000012e51000), "
        + "size 15011840, SharedBaseAddress: 0x0000000012000000, ArchiveRelocationMode: 1.\nCDS: on\n";
    assertThat(StartupCache.mappedMb(withCache)).hasValue(101.6);
    assertThat(StartupCache.mappedMb(jdkOnly)).hasValue(14.3);
    assertThat(StartupCache.mappedMb("CDS: off\n")).hasValue(0);
    assertThat(StartupCache.mappedMb("no such line")).isEmpty();
  }

  @Test
  void shouldSizePayloadsAt300Bytes() {
    assertThat(Bodies.prompt(12345, 300)).hasSize(300).startsWith("prompt 12345 ");
    assertThat(RawKafka.payload(987)).hasSize(300);
    assertThat(new String(RawKafka.payload(987), StandardCharsets.US_ASCII)).startsWith("{\"id\":987,").endsWith("\"}");
    String body = Bodies.invocation("echo", "all", 3, 0);
    assertThat(body).startsWith("{\"join\":\"all\",\"targets\":[{\"agent\":\"echo\",\"prompt\":\"prompt 0 ");
    assertThat(Sizes.quick().w2Targets()).isLessThan(Sizes.full().w2Targets());
  }

  @Test
  void shouldReadTheHeapFromJcmdOfJdk21And25() {
    assertThat(JvmHeap.summary("1:\n garbage-first heap   total 262144K, used 10240K [0x0, 0x1)\n",
        "heap after a full GC"))
        .contains("heap after a full GC: 10 MB used of 256 MB committed");
    assertThat(JvmHeap.summary(
        "1:\ngarbage-first heap   total reserved 1048576K, committed 389120K, used 9386K [0x0)", "heap after a full GC"))
        .contains("heap after a full GC: 9 MB used of 380 MB committed");
    assertThat(JvmHeap.summary("nothing", "heap")).isEmpty();
  }

  @Test
  void shouldReadTheStoresNativeMemoryFromTheMetrics() {
    String metrics = "# HELP switchboard_store_native_bytes RocksDB\n"
        + "switchboard_store_native_bytes{part=\"cache\"} 6.7108864E7\n"
        + "switchboard_store_native_bytes{part=\"memtables\"} 1048576.0\n"
        + "switchboard_invocations 3.0\n";
    assertThat(MemoryInFlight.storeMemory(metrics)).isEqualTo("cache 64 MB, memtables 1 MB");
    assertThat(MemoryInFlight.storeMemory("")).isEqualTo("memory unknown");
  }

  @Test
  void shouldRefuseAJvmOptionForAnotherProcessOrWithoutAFlagBeforeStartingAnything() {
    for (String option : List.of("broker=-Xmx1g", "coordinator", "coordinator=Xmx1g", "=-Xmx1g")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CommandLine commandLine = new CommandLine(new BenchCommand());
      commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));

      int exit = commandLine.execute("--work-dir", dir.toString(), "--jvm-option", option);

      assertThat(exit).as(option).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("--jvm-option must be PROCESS=FLAG").contains(option);
      assertThat(dir).isEmptyDirectory(); // refused before a broker or a work directory was made
    }
  }
}
