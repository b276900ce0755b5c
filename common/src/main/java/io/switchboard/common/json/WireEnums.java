package io.switchboard.common.json;

import java.util.Optional;
import java.util.function.Function;

/** Looks up the constant of a wire enum by the name it has on the wire. */
public final class WireEnums {

  private WireEnums() {}

  /** The constant among {@code values} whose {@code wireName} is {@code name}, if any. */
  public static <E extends Enum<E>> Optional<E> byWireName(E[] values, Function<E, String> wireName, String name) {
    for (E value : values) {
      if (wireName.apply(value).equals(name)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
