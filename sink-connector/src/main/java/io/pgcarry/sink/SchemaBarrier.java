package io.pgcarry.sink;

import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.sink.event.SchemaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a batch meets the first DDL command of the stream. The source connector writes a command to
 * every change topic at its place, so each topic's records before the command's copy are exactly
 * its table's changes committed before the command. The command runs when every topic it was
 * written to has reached its copy: then each table on the target stands where it stood on the
 * source when the command ran, and dependent objects (a type and the column of that type, a
 * function and the view that calls it) follow in the source's order. Copies of a command already
 * applied (a resend after the source connector restarted) are no barrier. Immutable.
 */
final class SchemaBarrier {

  private final SchemaChange change;
  private final List<ConsumedRecord> before;
  private final List<ConsumedRecord> markers;
  private final List<ConsumedRecord> after;
  private final Set<TopicPartition> reached;
  private final Set<TopicPartition> missing;

  private SchemaBarrier(
      SchemaChange change,
      List<ConsumedRecord> before,
      List<ConsumedRecord> markers,
      List<ConsumedRecord> after,
      Set<TopicPartition> reached,
      Set<TopicPartition> missing) {
    this.change = change;
    this.before = List.copyOf(before);
    this.markers = List.copyOf(markers);
    this.after = List.copyOf(after);
    this.reached = Set.copyOf(reached);
    this.missing = Set.copyOf(missing);
  }

  /**
   * The barrier of the earliest command whose copy some partition of the batch reached, or null
   * when the batch holds no command that is not applied yet.
   *
   * @param batch records in arrival order (each partition's in offset order)
   * @param applied whether a command was applied before, so that its copies are resends
   */
  static SchemaBarrier find(List<ConsumedRecord> batch, Predicate<SchemaChange> applied) {
    Map<TopicPartition, Integer> first = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i) instanceof ConsumedRecord.Command record
          && !first.containsKey(record.partition())
          && !applied.test(record.command())) {
        first.put(record.partition(), i);
      }
    }
    if (first.isEmpty()) {
      return null;
    }
    SchemaChange earliest = null;
    for (int index : first.values()) {
      SchemaChange command = ((ConsumedRecord.Command) batch.get(index)).command();
      if (earliest == null || precedes(command.id(), earliest.id())) {
        earliest = command;
      }
    }
    List<ConsumedRecord> before = new ArrayList<>();
    List<ConsumedRecord> markers = new ArrayList<>();
    List<ConsumedRecord> after = new ArrayList<>();
    Set<TopicPartition> reached = new LinkedHashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      ConsumedRecord record = batch.get(i);
      Integer stop = first.get(record.partition());
      if (stop == null || i < stop) {
        before.add(record);
      } else if (i == stop
          && ((ConsumedRecord.Command) record).command().id().equals(earliest.id())) {
        markers.add(record);
        reached.add(record.partition());
      } else {
        after.add(record);
      }
    }
    Set<TopicPartition> missing = new LinkedHashSet<>();
    for (String topic : earliest.topics()) {
      TopicPartition tp = new TopicPartition(topic, 0);
      if (!reached.contains(tp)) {
        missing.add(tp);
      }
    }
    if (!missing.isEmpty()) {
      // Nothing passes a command before all its topics reached it: the markers wait too.
      List<ConsumedRecord> waiting = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Integer stop = first.get(batch.get(i).partition());
        if (stop != null && i >= stop) {
          waiting.add(batch.get(i));
        }
      }
      return new SchemaBarrier(earliest, before, List.of(), waiting, first.keySet(), missing);
    }
    return new SchemaBarrier(earliest, before, markers, after, reached, missing);
  }

  private static boolean precedes(ChangePosition a, ChangePosition b) {
    return !a.equals(b) && a.isReplayOf(b);
  }

  /** The command. */
  SchemaChange change() {
    return change;
  }

  /** Whether every topic the command was written to has reached it. */
  boolean complete() {
    return missing.isEmpty();
  }

  /** The records before the command: applied before it, or while it waits. */
  List<ConsumedRecord> before() {
    return before;
  }

  /** The command's copies, one per partition, consumed with it; empty while it waits. */
  List<ConsumedRecord> markers() {
    return markers;
  }

  /**
   * The records after the command, or, while it waits, every record from a copy of a command on.
   */
  List<ConsumedRecord> after() {
    return after;
  }

  /** The partitions that wait at a command. */
  Set<TopicPartition> waiting() {
    return reached;
  }

  /** The partitions the command waits for. */
  Set<TopicPartition> missing() {
    return missing;
  }
}
