package io.pgcarry.sink;

import io.pgcarry.sink.apply.ChangeApplier;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeEventReader;
import io.pgcarry.sink.event.SourcePosition;
import io.pgcarry.sink.position.AppliedPosition;
import io.pgcarry.sink.value.ValueConversionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each {@code put()} batch into one applied transaction and keeps the applied offset of every
 * assigned partition. Records below a partition's applied offset were applied before (Kafka
 * redelivers after a rebalance or a restart) and are skipped; records that are not change events
 * are skipped too, but their offsets count as applied. Not thread-safe: one per task.
 */
final class BatchProcessor {

  private final ChangeEventReader reader;
  private final ChangeApplier applier;
  private final ErrantRecordReporter reporter;
  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final Map<TopicPartition, Long> applied = new HashMap<>();
  private final ReplayFilter replays = new ReplayFilter();

  /**
   * @param reporter where records that cannot be read go (Connect's DLQ), or null to fail
   */
  BatchProcessor(ChangeEventReader reader, ChangeApplier applier, ErrantRecordReporter reporter) {
    this.reader = reader;
    this.applier = applier;
    this.reporter = reporter;
  }

  /** Reads the stored positions of newly assigned partitions; returns where to rewind them. */
  Map<TopicPartition, Long> open(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> rewind = new LinkedHashMap<>();
    for (AppliedPosition position : applier.storedPositions()) {
      TopicPartition tp = new TopicPartition(position.topic(), position.partition());
      if (partitions.contains(tp)) {
        applied.put(tp, position.nextOffset());
        rewind.put(tp, position.nextOffset());
        if (position.streamMark() != null) {
          replays.restore(tp, position.streamMark());
        }
      }
    }
    return rewind;
  }

  /** Applies a batch in one transaction. */
  void process(Collection<SinkRecord> records) {
    List<ChangeEvent> events = new ArrayList<>();
    Map<TopicPartition, Long> reached = new LinkedHashMap<>();
    Map<TopicPartition, SourcePosition> sources = new HashMap<>();
    ReplayFilter.Batch decisions = replays.begin();
    int skipped = 0;
    for (SinkRecord record : records) {
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      long offset = record.kafkaOffset();
      if (offset < applied.getOrDefault(tp, Long.MIN_VALUE)) {
        continue;
      }
      reached.merge(tp, offset + 1, Math::max);
      ChangeEvent event = read(record);
      if (event != null) {
        if (!decisions.admit(tp, event.source().order())) {
          // Sent again by the source connector after a crash: already applied.
          skipped++;
          continue;
        }
        events.add(event);
        if (event.source().lsn() != null) {
          sources.put(tp, event.source());
        }
      }
    }
    if (reached.isEmpty()) {
      return;
    }
    List<AppliedPosition> positions = new ArrayList<>();
    reached.forEach(
        (tp, next) -> {
          SourcePosition source = sources.getOrDefault(tp, SourcePosition.NONE);
          positions.add(
              new AppliedPosition(
                  tp.topic(),
                  tp.partition(),
                  next,
                  source.lsn(),
                  source.commitTimeMillis(),
                  decisions.mark(tp)));
        });
    applier.apply(events, positions);
    applied.putAll(reached);
    decisions.commit();
    if (skipped > 0) {
      LOG.info("Skipped {} changes the source connector sent again after a restart", skipped);
    }
  }

  /** The next offset to consume of every partition applied so far. */
  Map<TopicPartition, Long> appliedOffsets() {
    return Map.copyOf(applied);
  }

  void close(Collection<TopicPartition> partitions) {
    partitions.forEach(applied::remove);
    replays.forget(partitions);
  }

  private ChangeEvent read(SinkRecord record) {
    try {
      return reader.read(record);
    } catch (ValueConversionException e) {
      String where =
          "topic "
              + record.topic()
              + ", partition "
              + record.kafkaPartition()
              + ", offset "
              + record.kafkaOffset();
      ConnectException failure =
          new ConnectException("Cannot read the change event at " + where + ": " + e.getMessage());
      if (reporter == null) {
        throw failure;
      }
      reporter.report(record, failure);
      return null;
    }
  }
}
