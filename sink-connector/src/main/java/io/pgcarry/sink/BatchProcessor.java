package io.pgcarry.sink;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.SchemaChanges;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.apply.ChangeApplier;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEventReader;
import io.pgcarry.sink.event.FullLoadRecordReader;
import io.pgcarry.sink.event.RecordKind;
import io.pgcarry.sink.event.SchemaChange;
import io.pgcarry.sink.event.SchemaChangeReader;
import io.pgcarry.sink.event.TargetNaming;
import io.pgcarry.sink.metrics.SinkTaskMetrics;
import io.pgcarry.sink.value.ValueConversionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each {@code put()} batch into one applied transaction and keeps the applied position of
 * every assigned partition. Records below a partition's applied offset were applied before (Kafka
 * redelivers after a rebalance or a restart) and are skipped; changes the source connector sent a
 * second time are dropped by their stream position ({@link ReplayFilter}); records that are no
 * change are skipped too, but their offsets count as applied. For a table with a deferrable
 * constraint, the changes of a source transaction whose end has not arrived yet are held in memory
 * to the next batch, and its partition's position stays before them ({@link TransactionHold}). The
 * state changes only once the batch's transaction committed, so a failed batch can be retried. Not
 * thread-safe: one per task.
 */
final class BatchProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final ChangeEventReader changes;
  private final FullLoadRecordReader fullLoad = new FullLoadRecordReader();
  private final SchemaChangeReader schemaChanges = new SchemaChangeReader();
  private final TargetNaming naming;
  private final ChangeApplier applier;
  private final SinkTaskMetrics metrics;
  private final ErrantRecordReporter reporter;
  private final Set<Lsn> ddlSkip;

  private final Map<TopicPartition, AppliedPosition> applied = new HashMap<>();
  private List<ConsumedRecord> held = List.of();
  private Set<TopicPartition> waiting = Set.of();
  private ChangePosition lastSchemaChange;

  /**
   * @param naming puts what was read under the target's names
   * @param reporter where records that cannot be read go (Connect's DLQ), or null to fail
   * @param ddlSkip captured DDL commands not to run, by the LSN of their message
   */
  BatchProcessor(
      ChangeEventReader changes,
      TargetNaming naming,
      ChangeApplier applier,
      SinkTaskMetrics metrics,
      ErrantRecordReporter reporter,
      Set<Lsn> ddlSkip) {
    this.ddlSkip = Set.copyOf(ddlSkip);
    this.changes = changes;
    this.naming = naming;
    this.applier = applier;
    this.metrics = metrics;
    this.reporter = reporter;
  }

  /** Reads the stored positions of newly assigned partitions; returns where to rewind them. */
  Map<TopicPartition, Long> open(Collection<TopicPartition> partitions) {
    forget(partitions);
    Map<TopicPartition, Long> rewind = new LinkedHashMap<>();
    for (AppliedPosition position : applier.storedPositions()) {
      if (position.topic().equals(SchemaChanges.POSITION_TOPIC)) {
        lastSchemaChange = position.change();
        continue;
      }
      TopicPartition tp = new TopicPartition(position.topic(), position.partition());
      if (partitions.contains(tp)) {
        applied.put(tp, position);
        rewind.put(tp, position.nextOffset());
      }
    }
    return rewind;
  }

  /**
   * Applies a batch, with the records held from the previous one: in one transaction, or, when the
   * batch reaches DDL commands, in one transaction up to each command and the command itself, and
   * one after the last.
   */
  void process(Collection<SinkRecord> records) {
    List<ConsumedRecord> batch = consume(records);
    while (!batch.isEmpty()) {
      SchemaBarrier barrier = SchemaBarrier.find(batch, lastSchemaChange);
      if (barrier == null) {
        applyRecords(batch, List.of(), null, true);
        waiting = Set.of();
        return;
      }
      if (!barrier.complete()) {
        // Every partition that reached a command waits there until all of them reached it; the
        // records before apply, but a source transaction still open at their end waits too.
        applyRecords(barrier.before(), List.of(), null, true);
        List<ConsumedRecord> stillHeld = new ArrayList<>(held);
        stillHeld.addAll(barrier.after());
        held = List.copyOf(stillHeld);
        metrics.held(held.stream().filter(r -> r.change() != null).count());
        waiting = barrier.waiting();
        LOG.debug(
            "The DDL {} captured at {} waits for {}",
            barrier.change().tag(),
            barrier.change().lsn(),
            barrier.missing());
        return;
      }
      SchemaChange change = barrier.change();
      boolean skip = ddlSkip.contains(change.lsn());
      if (skip) {
        LOG.warn(
            "Skipping the DDL {} on {} captured at {}, as ddl.skip says",
            change.tag(),
            change.describeObjects(),
            change.lsn());
      } else {
        naming.requireKeptNames(change);
      }
      applyRecords(barrier.before(), barrier.markers(), change, !skip);
      lastSchemaChange = change.id();
      if (!skip) {
        metrics.schemaChangeApplied();
      }
      batch = barrier.after();
      held = List.of();
    }
    waiting = Set.of();
  }

  /**
   * Applies records in one transaction, then a DDL command when one is given, and stores the
   * positions reached; with {@code holdOpen}, the changes of a source transaction still open at the
   * end are held to the next batch.
   *
   * @param markers the DDL records every partition reached, consumed with the command
   * @param command the command whose position the transaction records, or null
   * @param run whether the command runs (it does not when ddl.skip names it); without a command,
   *     whether to hold the changes of an open source transaction
   */
  private void applyRecords(
      List<ConsumedRecord> records,
      List<ConsumedRecord> markers,
      SchemaChange command,
      boolean run) {
    boolean holdOpen = command == null && markers.isEmpty() && run;
    Map<TopicPartition, Long> holdFrom = holdOpen ? holdFrom(records) : Map.of();
    List<ConsumedRecord> nowHeld = new ArrayList<>();
    Map<TopicPartition, PartitionProgress> progress = new LinkedHashMap<>();
    List<Change> toApply = new ArrayList<>();
    List<ConsumedRecord> taken = new ArrayList<>(records);
    // Copies of commands among the records, not at a barrier, are of commands applied before.
    long resentCommands = records.stream().filter(r -> r.schemaChange() != null).count();
    taken.addAll(markers);
    for (ConsumedRecord record : taken) {
      if (record.offset() >= holdFrom.getOrDefault(record.partition(), Long.MAX_VALUE)) {
        nowHeld.add(record);
        continue;
      }
      Change change =
          progress
              .computeIfAbsent(record.partition(), tp -> new PartitionProgress(stored(tp)))
              .accept(record);
      if (change != null) {
        toApply.add(change);
      }
    }
    List<AppliedPosition> reached =
        new ArrayList<>(progress.values().stream().map(PartitionProgress::position).toList());
    if (command != null) {
      reached.add(
          new AppliedPosition(SchemaChanges.POSITION_TOPIC, 0, 0, null, null, command.id(), null));
    }
    if (!reached.isEmpty()) {
      applier.apply(toApply, reached, run ? command : null);
    }
    reached.stream()
        .filter(p -> !p.topic().equals(SchemaChanges.POSITION_TOPIC))
        .forEach(p -> applied.put(new TopicPartition(p.topic(), p.partition()), p));
    held = List.copyOf(nowHeld);
    metrics.held(held.stream().filter(r -> r.change() != null).count());
    if (resentCommands > 0) {
      LOG.info(
          "Passed {} copies of DDL commands applied before, sent again after a restart",
          resentCommands);
    }
    long skipped = progress.values().stream().mapToLong(PartitionProgress::replaysSkipped).sum();
    if (skipped > 0) {
      metrics.replaysSkipped(skipped);
      LOG.info("Skipped {} changes the source connector sent again after a restart", skipped);
    }
  }

  /** The partitions whose next record is a DDL command that waits for other partitions. */
  Set<TopicPartition> waiting() {
    return waiting;
  }

  /**
   * The records held from the previous batch, then the new records not consumed before (Kafka
   * redelivers records below the applied offset after a rewind), read.
   */
  private List<ConsumedRecord> consume(Collection<SinkRecord> records) {
    List<ConsumedRecord> batch = new ArrayList<>(held);
    Map<TopicPartition, Long> consumed = new HashMap<>();
    held.forEach(r -> consumed.put(r.partition(), r.offset() + 1));
    for (SinkRecord record : records) {
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      long next = consumed.getOrDefault(tp, nextOffset(tp));
      if (record.kafkaOffset() >= next) {
        batch.add(read(tp, record));
        consumed.put(tp, record.kafkaOffset() + 1);
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
            batch.stream().map(ConsumedRecord::change).filter(Objects::nonNull).toList());
    Map<TopicPartition, Long> holdFrom = new HashMap<>();
    byPartition.forEach(
        (tp, records) -> {
          boolean deferrable =
              records.stream()
                  .anyMatch(
                      r ->
                          r.change() != null
                              && tables.get(r.change().table()).hasDeferrableConstraint());
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

  private AppliedPosition stored(TopicPartition tp) {
    AppliedPosition position = applied.get(tp);
    return position != null ? position : AppliedPosition.start(tp.topic(), tp.partition());
  }

  private long nextOffset(TopicPartition tp) {
    AppliedPosition position = applied.get(tp);
    return position == null ? Long.MIN_VALUE : position.nextOffset();
  }

  /** The next offset to consume of every partition applied so far. */
  Map<TopicPartition, Long> appliedOffsets() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    applied.forEach((tp, position) -> offsets.put(tp, position.nextOffset()));
    return offsets;
  }

  /** Forgets closed partitions, and the changes held from them: they are consumed again. */
  void close(Collection<TopicPartition> partitions) {
    forget(partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(applied::remove);
    held = held.stream().filter(r -> !partitions.contains(r.partition())).toList();
    waiting = waiting.stream().filter(tp -> !partitions.contains(tp)).collect(Collectors.toSet());
  }

  private ConsumedRecord read(TopicPartition tp, SinkRecord record) {
    long offset = record.kafkaOffset();
    try {
      // A change event has no kind; a DDL command's kind is ddl, a full-load record's any other.
      String kind = RecordKind.of(record);
      if (StreamHeaders.KIND_DDL.equals(kind)) {
        return new ConsumedRecord(tp, offset, null, schemaChanges.read(record));
      }
      return new ConsumedRecord(
          tp, offset, naming.apply(kind != null ? fullLoad.read(record) : changes.read(record)));
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
      return new ConsumedRecord(tp, offset, null);
    }
  }
}
