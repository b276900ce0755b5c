package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The data behind the charts, as CSV: latency samples per series, and every figure of the run. */
final class CsvOut {

  private CsvOut() {}

  /** {@code series,index,ms}: one row per latency sample, in measurement order. */
  static void latencies(Path file, Map<String, double[]> seriesMs) throws IOException {
    StringBuilder csv = new StringBuilder("series,index,ms\n");
    for (Map.Entry<String, double[]> series : seriesMs.entrySet()) {
      double[] samples = series.getValue();
      for (int i = 0; i < samples.length; i++) {
        csv.append(series.getKey()).append(',').append(i).append(',').append(Report.number(samples[i])).append('\n');
      }
    }
    write(file, csv);
  }

  /** {@code metric,value}: every figure, in the order measured. */
  static void figures(Path file, Map<String, Double> figures) throws IOException {
    StringBuilder csv = new StringBuilder("metric,value\n");
    figures.forEach((name, value) -> csv.append(name).append(',').append(Report.number(value)).append('\n'));
    write(file, csv);
  }

  private static void write(Path file, CharSequence text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
