package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.sql.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
  private final String positionsQuery;
  private Connection target;

  public LagProbe(MigrationSpec spec, String bootstrapServers) {
    this.spec = spec;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pgcarry-" + spec.name() + "-lag");
    this.admin = Admin.create(props);
    this.topics = Pattern.compile(spec.topicRegex());
    this.positionsQuery =
        SqlResource.load(LagProbe.class, "applied-positions.sql")
            .format(spec.positionTable().quoted());
  }

  /** Measures now. */
  public Lag measure() throws SQLException {
    Map<TopicPartition, Long> ends = endOffsets();
    Map<TopicPartition, Long> applied = new HashMap<>();
    String lastLsn = null;
    Instant lastCommit = null;
    Connection connection = target();
    try (PreparedStatement statement = connection.prepareStatement(positionsQuery)) {
      statement.setString(1, spec.name());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          applied.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
          Timestamp commit = rs.getTimestamp(5);
          if (commit != null && (lastCommit == null || commit.toInstant().isAfter(lastCommit))) {
            lastCommit = commit.toInstant();
            lastLsn = rs.getString(4);
          }
        }
      }
    } catch (SQLException e) {
      if (!SqlStates.is(e, SqlStates.UNDEFINED_TABLE)) {
        throw e;
      }
      // The sink has not created its position table yet: nothing applied.
    } finally {
      // No read transaction stays open between measurements: it would hold a lock on the position
      // table, which cutover drops.
      connection.rollback();
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
