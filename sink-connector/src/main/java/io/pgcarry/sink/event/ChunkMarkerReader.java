package io.pgcarry.sink.event;

import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
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
    byte[] value =
        RecordBytes.of(record.value(), "the value of a chunk marker", "the bytes of its JSON");
    int newline = rows ? ChunkMarker.lineEnd(value) : value.length;
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
}
