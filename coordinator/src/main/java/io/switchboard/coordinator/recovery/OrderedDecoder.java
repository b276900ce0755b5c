package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decodes many records on every core while their effects stay in order: values are gathered in batches,
 * each batch is decoded in parallel, and the decoded values are applied one by one on the calling thread
 * in the order they came. Recovery spends most of its time in JSON; applying is cheap and must stay
 * single-threaded (the state has one writer).
 *
 * @param <S> what is gathered (a stored value, a consumed record)
 * @param <T> what it decodes to
 */
final class OrderedDecoder<S, T> implements AutoCloseable {

  private static final int BATCH = 2048;

  private final Function<S, T> decode;
  private final Consumer<T> apply;
  private final List<S> pending = new ArrayList<>(BATCH);

  OrderedDecoder(Function<S, T> decode, Consumer<T> apply) {
    this.decode = decode;
    this.apply = apply;
  }

  /** A decoder of stored JSON values of {@code type}; an unreadable one stops recovery (the store is bad). */
  static <T> OrderedDecoder<byte[], T> stored(Class<T> type, Consumer<T> apply) {
    return new OrderedDecoder<>(value -> switch (JsonCodec.decode(value, type)) {
      case Decoded.Ok<T> ok -> ok.value();
      case Decoded.Invalid<T> bad -> throw new IllegalStateException("the state store holds an unreadable "
          + type.getSimpleName() + ": " + bad.rejection().message());
    }, apply);
  }

  void add(S source) {
    pending.add(source);
    if (pending.size() == BATCH) {
      flush();
    }
  }

  /** Decodes and applies what is gathered. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<T> decoded = pending.size() < 64 ? pending.stream().map(decode).toList()
        : pending.parallelStream().map(decode).toList();
    pending.clear();
    decoded.forEach(apply);
  }

  @Override
  public void close() {
    flush();
  }
}
