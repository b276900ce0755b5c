package io.switchboard.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Two PNG charts drawn with Java2D (no Python or plotting library needed): the latency CDF of W1
 * against the raw Kafka round trip, and throughput bars of Switchboard against raw pipelined Kafka.
 */
public final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 90;
  private static final int RIGHT = 40;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd));

  private Charts() {}

  /**
   * The cumulative distribution of each series of latencies (ms), on a log-scaled x axis, saved as a PNG.
   * Series without samples are left out.
   */
  public static void latencyCdf(Path png, String title, Map<String, double[]> seriesMs) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image, title);
    double min = Double.MAX_VALUE;
    double max = 0;
    for (double[] samples : seriesMs.values()) {
      for (double v : samples) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (max <= 0) {
      min = 0.1;
      max = 1;
    }
    double logMin = Math.floor(Math.log10(Math.max(min, 0.01)));
    double logMax = Math.ceil(Math.log10(Math.max(max, Math.pow(10, logMin + 1))));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    axes(g, "latency (ms, log scale)", "fraction of requests");
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double decade = logMin; decade <= logMax; decade++) {
      int x = LEFT + (int) Math.round((decade - logMin) / (logMax - logMin) * plotW);
      grid(g, x, TOP, x, TOP + plotH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(Report.number(Math.pow(10, decade)), x - 10, TOP + plotH + 18);
    }
    for (int tenth = 0; tenth <= 10; tenth++) {
      int y = TOP + plotH - tenth * plotH / 10;
      grid(g, LEFT, y, LEFT + plotW, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(Report.number(tenth / 10.0), LEFT - 34, y + 4);
    }
    int index = 0;
    Map<String, Color> legends = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> series : seriesMs.entrySet()) {
      double[] sorted = series.getValue().clone();
      if (sorted.length == 0) {
        continue;
      }
      Arrays.sort(sorted);
      Path2D.Double line = new Path2D.Double();
      for (int i = 0; i < sorted.length; i++) {
        double lx = (Math.log10(Math.max(sorted[i], Math.pow(10, logMin))) - logMin) / (logMax - logMin);
        double x = LEFT + lx * plotW;
        double y = TOP + plotH - (double) (i + 1) / sorted.length * plotH;
        if (i == 0) {
          line.moveTo(x, TOP + plotH);
        }
        line.lineTo(x, y);
      }
      Color color = PALETTE.get(index % PALETTE.size());
      g.setColor(color);
      g.setStroke(new BasicStroke(2.2f));
      g.draw(line);
      legends.put(series.getKey() + "  p50 " + Report.number(Percentiles.ofSorted(sorted, 50))
          + " ms, p99 " + Report.number(Percentiles.ofSorted(sorted, 99)) + " ms (n=" + sorted.length + ")", color);
      index++;
    }
    int row = 0;
    for (Map.Entry<String, Color> entry : legends.entrySet()) {
      legend(g, row++, entry.getValue(), entry.getKey());
    }
    write(image, g, png);
  }

  /** One bar per figure (e.g. tasks/s and replies/s), labelled with its value, saved as a PNG. */
  public static void bars(Path png, String title, String unit, Map<String, Double> values) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image, title);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double top = niceCeiling(max);
    axes(g, "", unit);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int step = 0; step <= 5; step++) {
      int y = TOP + plotH - step * plotH / 5;
      grid(g, LEFT, y, LEFT + plotW, y);
      g.setColor(Color.DARK_GRAY);
      String label = Report.number(Math.round(top * step / 5));
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    int n = Math.max(1, values.size());
    int slot = plotW / n;
    int barW = Math.min(160, slot * 3 / 5);
    int index = 0;
    for (Map.Entry<String, Double> bar : values.entrySet()) {
      int h = (int) Math.round(bar.getValue() / top * plotH);
      int x = LEFT + index * slot + (slot - barW) / 2;
      g.setColor(PALETTE.get(index % PALETTE.size()));
      g.fillRect(x, TOP + plotH - h, barW, h);
      g.setColor(Color.BLACK);
      String value = Report.number(Math.round(bar.getValue()));
      g.drawString(value, x + (barW - g.getFontMetrics().stringWidth(value)) / 2, TOP + plotH - h - 6);
      g.drawString(bar.getKey(), x + (barW - g.getFontMetrics().stringWidth(bar.getKey())) / 2, TOP + plotH + 20);
      index++;
    }
    write(image, g, png);
  }

  static double niceCeiling(double max) {
    if (max <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= max) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static Graphics2D canvas(BufferedImage image, String title) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 32);
    return g;
  }

  private static void axes(Graphics2D g, String xLabel, String yLabel) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.2f));
    g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
    g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(xLabel)) / 2, HEIGHT - 22);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + rotated.getFontMetrics().stringWidth(yLabel)) / 2), 20);
    rotated.dispose();
  }

  private static void grid(Graphics2D g, int x1, int y1, int x2, int y2) {
    g.setColor(new Color(0xe6e6e6));
    g.setStroke(new BasicStroke(1f));
    g.drawLine(x1, y1, x2, y2);
  }

  private static void legend(Graphics2D g, int index, Color color, String text) {
    int y = TOP + 18 + index * 20;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(new Color(255, 255, 255, 225));
    g.fillRect(LEFT + 8, y - 14, 38 + g.getFontMetrics().stringWidth(text), 20);
    g.setColor(color);
    g.fillRect(LEFT + 14, y - 9, 18, 10);
    g.setColor(Color.BLACK);
    g.drawString(text, LEFT + 40, y);
  }

  private static void write(BufferedImage image, Graphics2D g, Path png) throws IOException {
    g.dispose();
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }
}
