package io.switchboard.client.internal;

import io.switchboard.common.model.TaskKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Builds request paths: every path segment and query value is percent-encoded as UTF-8 (RFC 3986),
 * keeping only the unreserved characters, so a {@code /}, {@code ?}, {@code %} or space in an id
 * cannot change the route. A task key is sent as two segments, {@code {invocationId}/{taskId}}.
 */
public final class PathCodec {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathCodec() {}

  /** {@code value} encoded for one path segment or query value. */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** {@code <prefix>/<invocationId>/<taskId>} with both parts encoded. */
  public static String taskPath(String prefix, TaskKey key) {
    return prefix + "/" + encode(key.invocationId()) + "/" + encode(key.taskId());
  }

  /** {@code ?name=value&...} of the non-null entries, in the map's order; empty when none. */
  public static String query(Map<String, ?> params) {
    StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach(
        (name, value) -> {
          if (value != null) {
            joined.add(encode(name) + "=" + encode(String.valueOf(value)));
          }
        });
    return joined.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
