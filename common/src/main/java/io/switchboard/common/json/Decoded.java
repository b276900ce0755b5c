package io.switchboard.common.json;

import io.switchboard.common.error.FatalException;
import io.switchboard.common.error.Rejection;
import java.util.Objects;

/**
 * The result of decoding untrusted bytes: the value, or the {@link Rejection} saying why not.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

  /** Decoding succeeded. */
  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Decoding failed; {@code rejection} says where and why. */
  record Invalid<T>(Rejection rejection) implements Decoded<T> {
    public Invalid {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /** The value, or a {@link FatalException} naming the rejection: for input that must be valid. */
  default T orElseThrow() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Invalid<T> invalid ->
          throw new FatalException(
              "cannot decode: "
                  + invalid.rejection().code().wireName()
                  + (invalid.rejection().field() == null
                      ? ""
                      : " at " + invalid.rejection().field())
                  + ": "
                  + invalid.rejection().message());
    };
  }
}
