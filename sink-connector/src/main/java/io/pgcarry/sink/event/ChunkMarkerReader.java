package io.pgcarry.sink.event;

import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads the chunk markers of the online verification ({@code pgcarry.kind = verify}): the marker's
 * JSON ({@link ChunkMarker}) as the value, its stream position in the headers; a repair ({@code
 * pgcarry.kind = repair}) and an inspection ({@code pgcarry.kind = inspect}) have the marker's JSON
 * on a first line and the chunk's rows in COPY text after it. Stateless; thread-safe.
 */
public final class ChunkMarkerReader {

  /**
   * The marker, under the source's names.
   *
   * @param kind the record's kind: {@link StreamHeaders#KIND_VERIFY}, {@link
   *     StreamHeaders#KIND_REPAIR} or {@link StreamHeaders#KIND_INSPECT}
   * @throws ValueConversionException when the record lacks its stream position or its JSON
   */
  public ChunkCheck read(SinkRecord record, String kind) {
    boolean inspect = StreamHeaders.KIND_INSPECT.equals(kind);
    boolean rows = inspect || StreamHeaders.KIND_REPAIR.equals(kind);
    ChangePosition position = RecordHeaders.changePosition(record);
    if (position == null) {
      throw new ValueConversionException("a chunk marker carries no stream position");
    }
    byte[] value = bytes(record.value());
    int newline = rows ? indexOf(value, (byte) '\n') : value.length;
    if (newline < 0) {
      throw new ValueConversionException("a chunk " + kind + " has no marker line");
    }
    ChunkMarker marker;
    try {
      marker = ChunkMarker.parse(Arrays.copyOf(value, newline));
    } catch (IllegalArgumentException e) {
      throw new ValueConversionException(e.getMessage());
    }
    return new ChunkCheck(
        marker,
        marker.table(),
        marker.columns(),
        marker.key(),
        position,
        new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset()),
        rows ? Arrays.copyOfRange(value, newline + 1, value.length) : null,
        inspect);
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    throw new ValueConversionException(
        "the value of a chunk marker is "
            + (value == null ? "null" : "a " + value.getClass().getSimpleName())
            + ", not the bytes of its JSON");
  }
}
