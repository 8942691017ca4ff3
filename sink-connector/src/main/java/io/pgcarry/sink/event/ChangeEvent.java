package io.pgcarry.sink.event;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Objects;

/**
 * One row change read from a Debezium change event, with its values already in PostgreSQL text
 * form. Immutable; never carries Kafka or Debezium types.
 *
 * @param table the source table ({@code source.schema}, {@code source.table})
 * @param kind what happened
 * @param before the old row image, or null (inserts, truncates, and updates of tables whose replica
 *     identity does not log the old row)
 * @param after the new row image, or null (deletes, truncates)
 * @param keyColumns the key columns named by the record key, empty when the record has no key
 * @param source where the change is in the source's WAL
 * @param position where the record is in Kafka
 * @param snapshotStart true for the first row the snapshot read of its table ({@code
 *     source.snapshot} is {@code first} or {@code first_in_data_collection})
 * @param initialSnapshot true for a row read by the initial snapshot (not an incremental one),
 *     which comes before any streamed change of its table
 */
public record ChangeEvent(
    TableId table,
    ChangeKind kind,
    Row before,
    Row after,
    List<String> keyColumns,
    SourcePosition source,
    RecordPosition position,
    boolean snapshotStart,
    boolean initialSnapshot)
    implements Change {

  public ChangeEvent {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(kind, "kind");
    keyColumns = List.copyOf(keyColumns);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(position, "position");
  }
}
