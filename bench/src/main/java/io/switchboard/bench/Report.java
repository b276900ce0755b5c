package io.switchboard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where the figures go: one JSON line per figure on stdout ({@code {"metric": "w1_p50_ms", "value": 12.3}}),
 * the same lines appended to {@code --out} when given, and kept in order for the CSV and the charts.
 */
final class Report {

  private final PrintStream out;
  private final Optional<Path> file;
  private final Map<String, Double> figures = new LinkedHashMap<>();

  Report(PrintStream out, Optional<Path> file) {
    this.out = out;
    this.file = file;
    file.ifPresent(f -> {
      try {
        Path parent = f.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(f, "", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + f, e);
      }
    });
  }

  /** Records one figure and prints its line. */
  void metric(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " is not a finite number: " + value);
    }
    figures.put(name, value);
    String line = jsonLine(name, value);
    out.println(line);
    out.flush();
    file.ifPresent(f -> {
      try {
        Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + f, e);
      }
    });
  }

  OptionalDouble get(String name) {
    Double value = figures.get(name);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Records {@code name} = a / b when both figures are there. */
  void ratio(String name, String numerator, String denominator) {
    OptionalDouble a = get(numerator);
    OptionalDouble b = get(denominator);
    if (a.isPresent() && b.isPresent() && b.getAsDouble() > 0) {
      metric(name, a.getAsDouble() / b.getAsDouble());
    }
  }

  Map<String, Double> figures() {
    return Collections.unmodifiableMap(figures);
  }

  /** The exact output line of one figure: at most 3 decimals, no exponent, no trailing zeros. */
  static String jsonLine(String name, double value) {
    return "{\"metric\": \"" + name + "\", \"value\": " + number(value) + "}";
  }

  static String number(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.signum() == 0 ? "0" : rounded.toPlainString();
  }
}
