package io.pgcarry.sink;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.apply.ChangeApplier;
import io.pgcarry.sink.apply.KeyBuilds;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEventReader;
import io.pgcarry.sink.event.ChunkCheck;
import io.pgcarry.sink.event.ChunkMarkerReader;
import io.pgcarry.sink.event.FullLoadRecord;
import io.pgcarry.sink.event.FullLoadRecordReader;
import io.pgcarry.sink.event.RecordKind;
import io.pgcarry.sink.event.SchemaChange;
import io.pgcarry.sink.event.SchemaChangeReader;
import io.pgcarry.sink.event.TargetNaming;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.position.PartitionCursor;
import io.pgcarry.sink.value.ValueConversionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each {@code put()} batch into one applied transaction and keeps a cursor of every assigned
 * partition ({@link PartitionCursor}), which decides what was applied before: records below its
 * offset (Kafka redelivers after a rebalance or a restart), changes and DDL commands the source
 * connector sent a second time. Records that are no change are skipped, but their offsets count as
 * applied. A chunk marker of the online verification ends its transaction: the chunk is compared
 * after every record before it, in the transaction that moves its partition past it. For a table
 * with a deferrable constraint, the changes of a source transaction whose end has not arrived yet
 * are held in memory to the next batch, and its partition's position stays before them ({@link
 * TransactionHold}). A table whose keys are built after its rows ({@link KeyBuilds}) gets them once
 * its full load is applied: its partition's later records wait, in memory and with the partition
 * paused, until they are built. The cursors move only once the batch's transaction committed, so a
 * failed batch can be retried. Not thread-safe: one per task.
 */
final class BatchProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final ChangeEventReader changes;
  private final ChunkMarkerReader chunkMarkers;
  private final FullLoadRecordReader fullLoad = new FullLoadRecordReader();
  private final SchemaChangeReader schemaChanges = new SchemaChangeReader();
  private final TargetNaming naming;
  private final ChangeApplier applier;
  private final SinkTaskMetrics metrics;
  private final ErrantRecordReporter reporter;
  private final Set<Lsn> ddlSkip;
  private final KeyBuilds keys;

  private final Map<TopicPartition, PartitionCursor> cursors = new HashMap<>();
  private List<ConsumedRecord> held = List.of();
  private Set<TopicPartition> waiting = Set.of();

  /** The partitions whose table's keys are building, with the records that wait for them. */
  private final Map<TopicPartition, KeyWait> keyWaits = new HashMap<>();

  /** Tables whose keys were built, until the records that waited for them are applied. */
  private final Set<TableId> built = new HashSet<>();

  /**
   * A partition's records that wait for its table's keys, in offset order. The wait starts after
   * the table's snapshot end, which is applied first, or before its first change event (a table
   * whose rows did not come as a full load).
   */
  private static final class KeyWait {
    private final TableId table;
    private final long end;
    private final List<ConsumedRecord> records = new ArrayList<>();

    /**
     * @param end the offset of the snapshot end applied before the wait, or -1
     */
    KeyWait(TableId table, long end) {
      this.table = table;
      this.end = end;
    }

    void add(ConsumedRecord record) {
      if (records.isEmpty() || record.offset() > records.get(records.size() - 1).offset()) {
        records.add(record);
      }
    }

    long last() {
      return records.isEmpty() ? end : records.get(records.size() - 1).offset();
    }
  }

  /**
   * @param naming puts what was read under the target's names
   * @param reporter where records that cannot be read go (Connect's DLQ), or null to fail
   * @param ddlSkip captured DDL commands not to run, by the LSN of their message
   * @param keys builds the keys of tables that get them after their rows
   */
  BatchProcessor(
      ChangeEventReader changes,
      ChunkMarkerReader chunkMarkers,
      TargetNaming naming,
      ChangeApplier applier,
      SinkTaskMetrics metrics,
      ErrantRecordReporter reporter,
      Set<Lsn> ddlSkip,
      KeyBuilds keys) {
    this.ddlSkip = Set.copyOf(ddlSkip);
    this.keys = keys;
    this.changes = changes;
    this.chunkMarkers = chunkMarkers;
    this.naming = naming;
    this.applier = applier;
    this.metrics = metrics;
    this.reporter = reporter;
  }

  /**
   * Reads the stored positions of newly assigned partitions and the tables that wait for their
   * keys; starts building the keys of those whose full load was applied. Returns where to rewind
   * the partitions.
   */
  Map<TopicPartition, Long> open(Collection<TopicPartition> partitions) {
    forget(partitions);
    List<AppliedPosition> positions = applier.storedPositions();
    keys.load();
    Map<TopicPartition, Long> rewind = new LinkedHashMap<>();
    for (AppliedPosition position : positions) {
      TopicPartition tp = new TopicPartition(position.topic(), position.partition());
      if (partitions.contains(tp)) {
        cursors.put(tp, new PartitionCursor(position));
        rewind.put(tp, position.nextOffset());
        if (position.snapshot() != null
            && position.snapshot().complete()
            && keys.waitsFor(position.snapshot().table())) {
          keyWaits.put(tp, new KeyWait(position.snapshot().table(), position.nextOffset() - 1));
          keys.start(position.snapshot().table());
        }
      }
    }
    return rewind;
  }

  /**
   * Applies a batch, with the records held from the previous one and those whose table's keys were
   * built since: in one transaction, or, when the batch reaches DDL commands, in one transaction up
   * to each command and the command itself, and one after the last. A batch that fails leaves every
   * record waiting where it waited, for the batch to be tried again.
   *
   * @throws io.pgcarry.sink.apply.ApplyFailure also of a key build that failed
   */
  void process(Collection<SinkRecord> records) {
    Set<TableId> newlyBuilt = keys.finished();
    if (!newlyBuilt.isEmpty()) {
      built.addAll(newlyBuilt);
      applier.forgetTables();
    }
    Map<TopicPartition, KeyWait> releasing = new LinkedHashMap<>();
    keyWaits.forEach(
        (tp, wait) -> {
          if (built.contains(wait.table)) {
            releasing.put(tp, wait);
          }
        });
    Map<TopicPartition, KeyWait> started = new LinkedHashMap<>();
    List<ConsumedRecord> batch =
        waitForKeys(release(consume(records), releasing), releasing.keySet(), started);
    try {
      apply(batch);
    } catch (RuntimeException e) {
      started.keySet().forEach(keyWaits::remove);
      throw e;
    }
    releasing.keySet().forEach(keyWaits::remove);
    built.removeIf(table -> keyWaits.values().stream().noneMatch(w -> w.table.equals(table)));
    buildKeys(started);
  }

  /** Whether records wait for keys, which a batch without records releases once they are built. */
  boolean waitingForKeys() {
    return keys.busy() || !keyWaits.isEmpty();
  }

  /**
   * The records that waited for keys built since, in front of the batch, which loses what it holds
   * of them again.
   */
  private static List<ConsumedRecord> release(
      List<ConsumedRecord> batch, Map<TopicPartition, KeyWait> releasing) {
    if (releasing.isEmpty()) {
      return batch;
    }
    List<ConsumedRecord> released = new ArrayList<>();
    Map<TopicPartition, Long> last = new HashMap<>();
    releasing.forEach(
        (tp, wait) -> {
          released.addAll(wait.records);
          last.put(tp, wait.last());
        });
    return Stream.concat(
            released.stream(),
            batch.stream()
                .filter(r -> r.offset() > last.getOrDefault(r.partition(), Long.MIN_VALUE)))
        .toList();
  }

  /**
   * Takes out of the batch the records that must wait for their table's keys: those of partitions
   * that wait already (but the {@code released}), and in the others those after a snapshot end, or
   * from a change event, of a table whose keys are not built ({@code started}, whose builds start
   * once the batch applied).
   */
  private List<ConsumedRecord> waitForKeys(
      List<ConsumedRecord> batch,
      Set<TopicPartition> released,
      Map<TopicPartition, KeyWait> started) {
    if (keyWaits.isEmpty() && !keys.waitsForAny()) {
      // The stream once every key is built: nothing to look at per record.
      return batch;
    }
    List<ConsumedRecord> now = new ArrayList<>();
    for (ConsumedRecord record : batch) {
      KeyWait wait =
          released.contains(record.partition()) ? null : keyWaits.get(record.partition());
      if (wait != null) {
        if (record.offset() > wait.last()) {
          wait.add(record);
        }
      } else if (record instanceof ConsumedRecord.Changed changed
          && keys.waitsFor(changed.change().table())
          && !(changed.change() instanceof FullLoadRecord load
              && load.kind() == FullLoadRecord.Kind.COPY)) {
        boolean end = changed.change() instanceof FullLoadRecord;
        wait = new KeyWait(changed.change().table(), end ? record.offset() : -1);
        keyWaits.put(record.partition(), wait);
        started.put(record.partition(), wait);
        if (end) {
          now.add(record);
        } else {
          wait.add(record);
        }
      } else {
        now.add(record);
      }
    }
    return now;
  }

  /**
   * Starts the builds of the tables whose waits the batch started: after a snapshot end the batch
   * applied. A snapshot end the batch did not apply (held with a source transaction) is read again
   * with the records after it in the next batch.
   */
  private void buildKeys(Map<TopicPartition, KeyWait> started) {
    List<ConsumedRecord> again = new ArrayList<>();
    started.forEach(
        (tp, wait) -> {
          PartitionCursor cursor = cursors.get(tp);
          if (wait.end < 0 || cursor != null && cursor.nextOffset() > wait.end) {
            keys.start(wait.table);
          } else {
            keyWaits.remove(tp);
            again.addAll(wait.records);
          }
        });
    if (!again.isEmpty()) {
      hold(Stream.concat(held.stream(), again.stream()).toList());
    }
  }

  /**
   * Applies a batch: in one transaction, or, when the batch reaches DDL commands, in one
   * transaction up to each command and the command itself, and one after the last.
   */
  private void apply(List<ConsumedRecord> batch) {
    while (!batch.isEmpty()) {
      SchemaBarrier barrier = SchemaBarrier.find(batch, this::applied);
      if (barrier == null) {
        applyHoldingOpen(batch, List.of());
        waiting = Set.of();
        return;
      }
      if (!barrier.complete()) {
        // Every partition that reached a command waits there until all of them reached it; the
        // records before apply, but a source transaction still open at their end waits too.
        applyHoldingOpen(barrier.before(), barrier.after());
        waiting = barrier.waiting();
        LOG.debug(
            "The DDL {} captured at {} waits for {}",
            barrier.change().tag(),
            barrier.change().lsn(),
            barrier.missing());
        return;
      }
      SchemaChange change = barrier.change();
      if (ddlSkip.contains(change.lsn())) {
        LOG.warn(
            "Skipping the DDL {} on {} captured at {}, as ddl.skip says",
            change.tag(),
            change.describeObjects(),
            change.lsn());
        skipCommand(barrier);
      } else {
        naming.requireKeptNames(change);
        runCommand(barrier);
        metrics.schemaChangeApplied();
      }
      batch = barrier.after();
      hold(List.of());
    }
    waiting = Set.of();
  }

  /**
   * A copy of a command is a resend when any partition's cursor passed the command: it runs once
   * for the migration, and after a restart the source connector writes it to the tables published
   * then, which may be a partition that never held its first copy.
   */
  private boolean applied(SchemaChange command) {
    return cursors.values().stream().anyMatch(cursor -> cursor.applied(command));
  }

  /**
   * Applies records in one transaction and holds, to the next batch, the changes of a source
   * transaction still open at their end in a partition of a table with a deferrable constraint,
   * followed by {@code atCommand}, records that wait at a DDL command.
   */
  private void applyHoldingOpen(List<ConsumedRecord> records, List<ConsumedRecord> atCommand) {
    Map<TopicPartition, Long> holdFrom = holdFrom(records);
    List<ConsumedRecord> now = new ArrayList<>();
    List<ConsumedRecord> stillHeld = new ArrayList<>();
    for (ConsumedRecord record : records) {
      boolean open = record.offset() >= holdFrom.getOrDefault(record.partition(), Long.MAX_VALUE);
      (open ? stillHeld : now).add(record);
    }
    commit(now, List.of(), null);
    stillHeld.addAll(atCommand);
    hold(stillHeld);
  }

  /** Applies the records before a DDL command every partition reached, then the command. */
  private void runCommand(SchemaBarrier barrier) {
    commit(barrier.before(), barrier.markers(), barrier.change());
  }

  /**
   * Applies the records before a DDL command that ddl.skip names, and consumes the command as if it
   * ran.
   */
  private void skipCommand(SchemaBarrier barrier) {
    commit(barrier.before(), barrier.markers(), null);
  }

  /**
   * Applies records, then a DDL command when one is given, and stores the positions reached; the
   * cursors move once each transaction committed. Records up to each chunk marker among them are
   * one transaction, which compares the chunk after them: a table's records after its marker must
   * not reach the target before the comparison. The rest, with the command, is the last
   * transaction.
   *
   * @param markers the copies of a DDL command every partition reached, consumed with the command
   * @param command the command to run after the records, or null
   */
  private void commit(
      List<ConsumedRecord> records, List<ConsumedRecord> markers, SchemaChange command) {
    int from = 0;
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) instanceof ConsumedRecord.Check) {
        commitOnce(records.subList(from, i + 1), List.of(), null);
        from = i + 1;
      }
    }
    commitOnce(records.subList(from, records.size()), markers, command);
  }

  /**
   * Applies records in one transaction, then a DDL command when one is given, or compares the chunk
   * of a chunk marker that ends the records, and stores the positions reached; the cursors move
   * once the transaction committed.
   */
  private void commitOnce(
      List<ConsumedRecord> records, List<ConsumedRecord> markers, SchemaChange command) {
    Map<TopicPartition, PartitionCursor> moved = new LinkedHashMap<>();
    List<Change> toApply = new ArrayList<>();
    ChunkCheck check = null;
    long resentCommands = 0;
    for (ConsumedRecord record : records) {
      PartitionCursor cursor = moved.computeIfAbsent(record.partition(), this::advancing);
      if (record instanceof ConsumedRecord.Changed changed) {
        Change change = cursor.take(record.offset(), changed.change());
        if (change != null) {
          toApply.add(change);
        }
      } else if (record instanceof ConsumedRecord.Check marker) {
        // The last record: a resent marker was compared before, and passes.
        check = cursor.take(record.offset(), marker.check()) ? marker.check() : null;
      } else {
        // Copies of commands among the records, not at a barrier, are of commands applied before.
        resentCommands += record instanceof ConsumedRecord.Command ? 1 : 0;
        cursor.pass(record.offset());
      }
    }
    for (ConsumedRecord marker : markers) {
      moved
          .computeIfAbsent(marker.partition(), this::advancing)
          .pass(marker.offset(), ((ConsumedRecord.Command) marker).command());
    }
    if (!moved.isEmpty()) {
      applier.apply(
          toApply, moved.values().stream().map(PartitionCursor::position).toList(), command, check);
    }
    cursors.putAll(moved);
    if (resentCommands > 0) {
      LOG.info(
          "Passed {} copies of DDL commands applied before, sent again after a restart",
          resentCommands);
    }
    long skipped = moved.values().stream().mapToLong(PartitionCursor::replaysSkipped).sum();
    if (skipped > 0) {
      metrics.replaysSkipped(skipped);
      LOG.info("Skipped {} changes the source connector sent again after a restart", skipped);
    }
  }

  /** A copy of the partition's cursor for a batch to move. */
  private PartitionCursor advancing(TopicPartition tp) {
    PartitionCursor cursor = cursors.get(tp);
    return cursor != null ? cursor.copy() : PartitionCursor.start(tp.topic(), tp.partition());
  }

  private void hold(List<ConsumedRecord> records) {
    held = List.copyOf(records);
    metrics.held(held.stream().filter(ConsumedRecord.Changed.class::isInstance).count());
  }

  /**
   * The partitions whose records wait: at a DDL command for other partitions, or for their table's
   * keys.
   */
  Set<TopicPartition> waiting() {
    if (keyWaits.isEmpty()) {
      return waiting;
    }
    Set<TopicPartition> all = new HashSet<>(waiting);
    all.addAll(keyWaits.keySet());
    return all;
  }

  /**
   * The records held from the previous batch, then the new records not consumed before (Kafka
   * redelivers records below the applied offset after a rewind), read. A held record below its
   * partition's cursor was applied since: by a transaction of a batch that failed after it (a batch
   * commits up to each chunk marker), which Connect delivers again.
   */
  private List<ConsumedRecord> consume(Collection<SinkRecord> records) {
    List<ConsumedRecord> batch = new ArrayList<>();
    Map<TopicPartition, Long> taken = new HashMap<>();
    for (ConsumedRecord record : held) {
      PartitionCursor cursor = cursors.get(record.partition());
      if (cursor == null || !cursor.applied(record.offset())) {
        batch.add(record);
        taken.put(record.partition(), record.offset() + 1);
      }
    }
    for (SinkRecord record : records) {
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      PartitionCursor cursor = cursors.get(tp);
      long offset = record.kafkaOffset();
      if ((cursor == null || !cursor.applied(offset))
          && offset >= taken.getOrDefault(tp, Long.MIN_VALUE)) {
        batch.add(read(tp, record));
        taken.put(tp, offset + 1);
      }
    }
    return batch;
  }

  /**
   * For each partition, the offset from which its records wait for the next batch: for a table with
   * a deferrable constraint, those of a source transaction whose end has not arrived; for any
   * table, a delete that may be the first half of a key change ({@link
   * TransactionHold#keyChangeFrom}).
   */
  private Map<TopicPartition, Long> holdFrom(List<ConsumedRecord> batch) {
    Map<TopicPartition, List<ConsumedRecord>> byPartition = new LinkedHashMap<>();
    batch.forEach(r -> byPartition.computeIfAbsent(r.partition(), tp -> new ArrayList<>()).add(r));
    Map<TableId, TargetTable> tables =
        applier.tables(
            batch.stream()
                .filter(ConsumedRecord.Changed.class::isInstance)
                .map(r -> ((ConsumedRecord.Changed) r).change())
                .toList());
    Map<TopicPartition, Long> holdFrom = new HashMap<>();
    byPartition.forEach(
        (tp, records) -> {
          boolean deferrable =
              records.stream()
                  .anyMatch(
                      r ->
                          r instanceof ConsumedRecord.Changed changed
                              && tables.get(changed.change().table()).hasDeferrableConstraint());
          int from =
              Math.min(
                  deferrable ? TransactionHold.openFrom(records) : records.size(),
                  TransactionHold.keyChangeFrom(records));
          if (from < records.size()) {
            holdFrom.put(tp, records.get(from).offset());
          }
        });
    return holdFrom;
  }

  /** The next offset to consume of every partition applied so far. */
  Map<TopicPartition, Long> appliedOffsets() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    cursors.forEach((tp, cursor) -> offsets.put(tp, cursor.nextOffset()));
    return offsets;
  }

  /** Forgets closed partitions, and the changes held from them: they are consumed again. */
  void close(Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(cursors::remove);
    partitions.forEach(keyWaits::remove);
    held = held.stream().filter(r -> !partitions.contains(r.partition())).toList();
    waiting = waiting.stream().filter(tp -> !partitions.contains(tp)).collect(Collectors.toSet());
  }

  private ConsumedRecord read(TopicPartition tp, SinkRecord record) {
    long offset = record.kafkaOffset();
    try {
      // A change event has no kind; a DDL command's kind is ddl, a chunk marker's verify, a
      // full-load record's any other.
      String kind = RecordKind.of(record);
      if (StreamHeaders.KIND_DDL.equals(kind)) {
        return new ConsumedRecord.Command(tp, offset, schemaChanges.read(record));
      }
      if (StreamHeaders.KIND_VERIFY.equals(kind)
          || StreamHeaders.KIND_REPAIR.equals(kind)
          || StreamHeaders.KIND_INSPECT.equals(kind)) {
        return new ConsumedRecord.Check(tp, offset, naming.apply(chunkMarkers.read(record, kind)));
      }
      Change change = naming.apply(kind != null ? fullLoad.read(record) : changes.read(record));
      return change == null
          ? new ConsumedRecord.NoChange(tp, offset)
          : new ConsumedRecord.Changed(tp, offset, change);
    } catch (ValueConversionException e) {
      String where =
          "topic "
              + record.topic()
              + ", partition "
              + record.kafkaPartition()
              + ", offset "
              + record.kafkaOffset();
      ConnectException failure =
          new ConnectException("Cannot read the record at " + where + ": " + e.getMessage());
      if (reporter == null) {
        throw failure;
      }
      reporter.report(record, failure);
      return new ConsumedRecord.NoChange(tp, offset);
    }
  }
}
