package io.pgcarry.migrate.probes;

import io.pgcarry.common.Connections;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.migrate.MigrationSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures a migration's lag: the end offsets of its change topics against the positions the sink
 * committed on the target, in the same transactions as the data. Not thread-safe.
 */
public final class LagProbe implements AutoCloseable {

  private final MigrationSpec spec;
  private final Admin admin;
  private final Pattern topics;
  private final PositionTable positions;
  private Connection target;
  private boolean heartbeatSeen;

  /**
   * @param client the settings of pgcarry's Kafka client of the cluster, bootstrap servers included
   */
  public LagProbe(MigrationSpec spec, Properties client) {
    this.spec = spec;
    Properties props = new Properties();
    props.putAll(client);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pgcarry-" + spec.name() + "-lag");
    this.admin = Admin.create(props);
    this.topics = Pattern.compile(spec.topicRegex());
    this.positions = new PositionTable(spec.positionTable());
  }

  /** The source connector's heartbeat topic: Debezium's prefix and the topic prefix. */
  public String heartbeatTopic() {
    return heartbeatTopic(spec);
  }

  /** The heartbeat topic of {@code spec}'s source connector. */
  public static String heartbeatTopic(MigrationSpec spec) {
    return "__debezium-heartbeat." + spec.topicPrefix();
  }

  /**
   * Seconds since the newest record of the heartbeat topic was written, or empty before the first.
   */
  public Optional<Long> heartbeatAgeSeconds() {
    TopicPartition heartbeat = new TopicPartition(heartbeatTopic(), 0);
    try {
      if (!heartbeatSeen) {
        // Asking for the offsets of a missing topic logs an error in the admin client.
        heartbeatSeen =
            admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(heartbeatTopic());
        if (!heartbeatSeen) {
          return Optional.empty();
        }
      }
      ListOffsetsResultInfo newest =
          admin
              .listOffsets(Map.of(heartbeat, OffsetSpec.maxTimestamp()))
              .partitionResult(heartbeat)
              .get(30, TimeUnit.SECONDS);
      if (newest.offset() < 0 || newest.timestamp() < 0) {
        return Optional.empty();
      }
      return Optional.of(Math.max(0, (System.currentTimeMillis() - newest.timestamp()) / 1000));
    } catch (ExecutionException e) {
      // No heartbeat topic yet: the source connector has not sent its first heartbeat.
      return Optional.empty();
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read the heartbeat topic " + heartbeatTopic() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading the heartbeat topic", e);
    }
  }

  /** Feeds the sink's apply times of every partition to {@code window}. */
  void observeApplies(LatencyWindow window) throws SQLException {
    try {
      for (PositionTable.PartitionApplied p : positions.partitions(target(), spec.name())) {
        window.observe(p.topic() + "-" + p.partition(), p.sourceCommit(), p.appliedAt());
      }
    } catch (SQLException e) {
      if (!SqlStates.isUndefinedTable(e)) {
        throw e;
      }
    } finally {
      // As in measure(): no read transaction stays open between measurements, holding a lock on
      // the position table that the end of a run drops.
      if (target != null && !target.isClosed()) {
        target.rollback();
      }
    }
  }

  /** Measures now. */
  public Lag measure() throws SQLException {
    Map<TopicPartition, Long> ends = endOffsets();
    Map<TopicPartition, Long> applied = new HashMap<>();
    String lastLsn = null;
    Instant lastCommit = null;
    try {
      for (PositionTable.PartitionApplied p : positions.partitions(target(), spec.name())) {
        applied.put(new TopicPartition(p.topic(), p.partition()), p.nextOffset());
        Instant commit = p.sourceCommit();
        if (commit != null && (lastCommit == null || commit.isAfter(lastCommit))) {
          lastCommit = commit;
          lastLsn = p.sourceLsn() == null ? null : p.sourceLsn().toString();
        }
      }
    } catch (SQLException e) {
      if (!SqlStates.isUndefinedTable(e)) {
        throw e;
      }
      // The sink has not created its position table yet: nothing applied.
    } finally {
      // Never idle in a transaction: its lock on the position table would keep the end of a run
      // from dropping it, while whoever waits behind that keeps this probe from running again.
      if (target != null && !target.isClosed()) {
        target.rollback();
      }
    }
    List<Lag.PartitionLag> partitions = new ArrayList<>();
    ends.forEach(
        (tp, end) ->
            partitions.add(
                new Lag.PartitionLag(
                    tp.topic(), tp.partition(), end, applied.getOrDefault(tp, 0L))));
    partitions.sort(
        (a, b) ->
            a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
    return new Lag(partitions, Optional.ofNullable(lastLsn), Optional.ofNullable(lastCommit));
  }

  private Map<TopicPartition, Long> endOffsets() {
    try {
      List<String> names =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> topics.matcher(name).matches())
              .toList();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      if (!names.isEmpty()) {
        for (TopicDescription description :
            admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
          description
              .partitions()
              .forEach(
                  p ->
                      request.put(
                          new TopicPartition(description.name(), p.partition()),
                          OffsetSpec.latest()));
        }
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      if (!request.isEmpty()) {
        Map<TopicPartition, ListOffsetsResultInfo> result =
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
      }
      return ends;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read the end offsets of the change topics of " + spec.name() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading end offsets", e);
    }
  }

  private Connection target() throws SQLException {
    if (target == null || target.isClosed() || !target.isValid(5)) {
      target = Connections.open(spec.target(), "target");
      target.setAutoCommit(false);
      target.setReadOnly(true);
    }
    target.rollback();
    return target;
  }

  @Override
  public void close() {
    admin.close();
    if (target != null) {
      try {
        target.close();
      } catch (SQLException ignored) {
        // closing is best effort
      }
    }
  }
}
