package io.switchboard.coordinator.recovery;

import io.switchboard.common.json.Decoded;
import io.switchboard.common.json.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

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
  /**
   * Fewer values than this, of fewer bytes than {@link #PARALLEL_BYTES}, are decoded on the calling thread:
   * splitting them costs more than it saves.
   */
  private static final int PARALLEL_COUNT = 64;
  /**
   * A few large values are decoded in parallel too: an invocation of 10,000 targets is ~19 chunks of up to
   * 192 KB, which decoded one after the other took a restart's recovery 0.5-0.65 s on a 2-core box.
   */
  private static final long PARALLEL_BYTES = 64 * 1024;

  private final Function<S, T> decode;
  private final ToIntFunction<S> bytes;
  private final Consumer<T> apply;
  private final List<S> pending = new ArrayList<>(BATCH);
  private long pendingBytes;

  /**
   * @param decode decodes one value (on any thread)
   * @param bytes the size of a value, to tell a few large values from a few small ones
   * @param apply applies the decoded values, in order, on the calling thread
   */
  OrderedDecoder(Function<S, T> decode, ToIntFunction<S> bytes, Consumer<T> apply) {
    this.decode = decode;
    this.bytes = bytes;
    this.apply = apply;
  }

  /** A decoder of stored JSON values of {@code type}; an unreadable one stops recovery (the store is bad). */
  static <T> OrderedDecoder<byte[], T> stored(Class<T> type, Consumer<T> apply) {
    return new OrderedDecoder<>(value -> switch (JsonCodec.decode(value, type)) {
      case Decoded.Ok<T> ok -> ok.value();
      case Decoded.Invalid<T> bad -> throw new IllegalStateException("the state store holds an unreadable "
          + type.getSimpleName() + ": " + bad.rejection().message());
    }, value -> value.length, apply);
  }

  void add(S source) {
    pending.add(source);
    pendingBytes += bytes.applyAsInt(source);
    if (pending.size() == BATCH) {
      flush();
    }
  }

  /** Decodes and applies what is gathered. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    boolean parallel = pending.size() > 1 && (pending.size() >= PARALLEL_COUNT || pendingBytes >= PARALLEL_BYTES);
    List<T> decoded = parallel ? pending.parallelStream().map(decode).toList()
        : pending.stream().map(decode).toList();
    pending.clear();
    pendingBytes = 0;
    decoded.forEach(apply);
  }

  @Override
  public void close() {
    flush();
  }
}
