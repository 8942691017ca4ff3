package io.pgcarry.sink;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.Connections;
import io.pgcarry.common.stream.AppliedPosition;
import io.pgcarry.sink.position.PositionStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Connect's offset reset and alteration for the sink ({@code DELETE} and {@code PATCH
 * /connectors/…/offsets}). The sink resumes from the positions stored on the target, not from
 * Kafka's committed offsets, so a change of Kafka's offsets alone would be overridden at the next
 * start. A reset is honoured: the connector's rows of the position table are deleted in one
 * transaction, and the sink starts over from the offsets Kafka then gives. An alteration to given
 * offsets is refused: the target's state belongs to the stored positions, and moving them to an
 * arbitrary offset applies changes twice or skips them. Stateless; thread-safe.
 */
final class OffsetReset {

  private OffsetReset() {}

  /**
   * Resets, or refuses to alter, the offsets of a stopped connector.
   *
   * @param connectorConfig the connector's configuration
   * @param offsets the partitions to change, with null for a reset
   * @throws ConnectException when an offset is altered rather than reset, or the target cannot be
   *     changed
   */
  static void apply(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
    SinkConfig config = new SinkConfig(connectorConfig);
    refuseAlterations(config, offsets);
    Predicate<String> consumed = topics(connectorConfig);
    try (Connection c = Connections.open(config.connectionUri(), "target")) {
      c.setAutoCommit(false);
      PositionStore store = new PositionStore(config.positionTable(), config.migrationName());
      if (!store.exists(c)) {
        return;
      }
      for (AppliedPosition position : store.read(c)) {
        TopicPartition tp = new TopicPartition(position.topic(), position.partition());
        if (offsets.containsKey(tp) || consumed.test(position.topic())) {
          store.forget(c, position.topic(), position.partition());
        }
      }
      c.commit();
    } catch (SQLException | ConnectionFailure e) {
      throw new ConnectException(
          "Cannot reset the positions of migration "
              + config.migrationName()
              + " in "
              + config.positionTable().quoted()
              + " on the target: "
              + e.getMessage(),
          e);
    }
  }

  private static void refuseAlterations(SinkConfig config, Map<TopicPartition, Long> offsets) {
    String altered =
        offsets.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    if (!altered.isEmpty()) {
      throw new ConnectException(
          "pgcarry's sink does not alter offsets ("
              + altered
              + "): it resumes from the position stored on the target in "
              + config.positionTable().quoted()
              + ", written in the same transaction as the data, and moving that position to"
              + " another offset would apply changes twice or skip them. To apply every record"
              + " again from the start of the topics, reset the offsets instead (DELETE"
              + " /connectors/<name>/offsets), which also deletes this migration's positions");
    }
  }

  /** The topics the connector consumes, from Connect's {@code topics} or {@code topics.regex}. */
  private static Predicate<String> topics(Map<String, String> connectorConfig) {
    String list = connectorConfig.get(SinkConnector.TOPICS_CONFIG);
    if (list != null && !list.isBlank()) {
      Set<String> names =
          Arrays.stream(list.split(",")).map(String::strip).collect(Collectors.toSet());
      return names::contains;
    }
    String regex = connectorConfig.get("topics.regex");
    if (regex != null && !regex.isBlank()) {
      return Pattern.compile(regex).asMatchPredicate();
    }
    return topic -> false;
  }
}
