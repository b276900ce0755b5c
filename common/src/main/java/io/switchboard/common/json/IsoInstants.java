package io.switchboard.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant}s as ISO-8601 UTC text ({@code 2026-12-06T05:33:53.123Z}) without {@code DateTimeFormatter}:
 * every envelope and result carries a few, and the formatter was 4-6% of the worker's and the coordinator's
 * CPU (JFR, round 6). The same text as {@link Instant#toString()} and {@link Instant#parse}; anything outside
 * the common shape (years before 1970 or after 9999, offsets, leap seconds, malformed text) is left to them.
 */
final class IsoInstants {

  /** 10000-01-01T00:00:00Z: four-digit years only. */
  private static final long MAX_EPOCH_SECOND = 253_402_300_800L;
  private static final int SECONDS_PER_DAY = 86_400;
  /** yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ */
  private static final int MAX_LENGTH = 30;

  private IsoInstants() {}

  /** The instant as {@link Instant#toString()} writes it. */
  static String format(Instant instant) {
    char[] text = new char[MAX_LENGTH];
    int end = formatInto(instant, text);
    return end < 0 ? instant.toString() : new String(text, 0, end);
  }

  /** Writes the instant as a JSON string, as {@link #format} has it, without making a String of it. */
  static void write(Instant instant, JsonGenerator gen) throws IOException {
    char[] text = new char[MAX_LENGTH];
    int end = formatInto(instant, text);
    if (end < 0) {
      gen.writeString(instant.toString());
    } else {
      gen.writeString(text, 0, end);
    }
  }

  /** Writes the common shape into {@code text}; its length, or -1 for an instant outside it. */
  private static int formatInto(Instant instant, char[] text) {
    long epochSecond = instant.getEpochSecond();
    if (epochSecond < 0 || epochSecond >= MAX_EPOCH_SECOND) {
      return -1;
    }
    LocalDate date = LocalDate.ofEpochDay(epochSecond / SECONDS_PER_DAY);
    int secondOfDay = (int) (epochSecond % SECONDS_PER_DAY);
    digits(text, 0, date.getYear(), 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    int end = 19;
    int nano = instant.getNano();
    if (nano > 0) { // as many digits as needed, in groups of three, as Instant.toString
      text[end++] = '.';
      if (nano % 1_000_000 == 0) {
        end = digits(text, end, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        end = digits(text, end, nano / 1_000, 6);
      } else {
        end = digits(text, end, nano, 9);
      }
    }
    text[end++] = 'Z';
    return end;
  }

  /**
   * The instant {@code text} names if it has the common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} and is a
   * valid time; else null, and the caller parses it the general way (for its value or its exact error).
   */
  static Instant parse(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
        || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59) {
      return null;
    }
    int nano = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      nano = number(text, 20, fractionDigits);
      if (nano < 0) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nano *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // e.g. February 30th: Instant.parse says why
    }
    return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
  }

  /** Writes {@code value} as {@code count} digits, zero-padded, at {@code at}; returns the end. */
  private static int digits(char[] text, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + count;
  }

  /** The {@code count} decimal digits at {@code at}, or -1 if any is not a digit. */
  private static int number(String text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
