package io.pgcarry.migrate.state;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.Latency;
import io.pgcarry.migrate.probes.SlotPosition;
import java.time.Instant;
import java.util.List;

/**
 * A running migration's status, written to its work directory every second and read by {@code
 * pgcarry status}, {@code pgcarry cutover} and the status page from elsewhere. Fields added after
 * the first eleven are null (or empty) in a status written by an older pgcarry.
 *
 * @param name the migration
 * @param pid the {@code migrate} process
 * @param updatedAt when this status was written
 * @param step the current step
 * @param message what is happening, one line
 * @param tables per-table snapshot progress
 * @param lagRecords change records in Kafka not yet applied to the target
 * @param appliedRecords change records applied so far
 * @param lastAppliedLsn the newest source LSN applied, or null
 * @param lastAppliedCommit source commit time of that change, or null
 * @param failure the first connector failure with what to do, or null
 * @param endpoints where operators reach the running migration with their own tools, or null
 * @param slot the replication slot against the source's WAL, or null while there is none
 * @param topicLag records not yet applied, per change topic
 * @param latency end-to-end latency over the last minute, or null before streaming
 * @param heartbeatAgeSeconds seconds since the source connector's last heartbeat, or null
 * @param noDelay the cutover cue: streaming, everything in Kafka applied, the slot confirmed to
 *     within {@link #NO_DELAY_BYTES} of the source's current position
 * @param steps each step reached, with its start, end and duration
 */
public record MigrationStatus(
    String name,
    long pid,
    Instant updatedAt,
    Step step,
    String message,
    List<TableProgress> tables,
    long lagRecords,
    long appliedRecords,
    String lastAppliedLsn,
    Instant lastAppliedCommit,
    String failure,
    Endpoints endpoints,
    SlotPosition slot,
    List<TopicLag> topicLag,
    Latency latency,
    Long heartbeatAgeSeconds,
    boolean noDelay,
    List<StepTime> steps) {

  /** WAL behind the source's current position that still counts as no delay: one segment. */
  public static final long NO_DELAY_BYTES = 16L << 20;

  public MigrationStatus {
    tables = List.copyOf(tables);
    topicLag = topicLag == null ? List.of() : List.copyOf(topicLag);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** A status with the first eleven fields only. */
  public MigrationStatus(
      String name,
      long pid,
      Instant updatedAt,
      Step step,
      String message,
      List<TableProgress> tables,
      long lagRecords,
      long appliedRecords,
      String lastAppliedLsn,
      Instant lastAppliedCommit,
      String failure) {
    this(
        name,
        pid,
        updatedAt,
        step,
        message,
        tables,
        lagRecords,
        appliedRecords,
        lastAppliedLsn,
        lastAppliedCommit,
        failure,
        null,
        null,
        List.of(),
        null,
        null,
        false,
        List.of());
  }

  /**
   * One table's full load.
   *
   * @param table the source table's display name
   * @param sourceRows rows to load: the source's estimate, or the exact count once complete
   * @param targetRows rows the sink has applied
   * @param complete whether the table's snapshot end was applied
   * @param rowsPerSecond rows applied per second since the previous measurement
   * @param etaSeconds seconds left at that rate, 0 when complete, null when unknown
   */
  public record TableProgress(
      String table,
      long sourceRows,
      long targetRows,
      boolean complete,
      long rowsPerSecond,
      Long etaSeconds) {}

  /**
   * Where the running migration is reached.
   *
   * @param connectUrl the Connect worker's REST API (kcctl, curl)
   * @param bootstrapServers the Kafka cluster holding the change topics
   * @param statusPage the status page, with {@code /metrics} beside it, or null when not served
   * @param topics the change topics (one per table, and Debezium's transaction topic when the
   *     source connector writes it)
   * @param heartbeatTopic the source connector's heartbeat topic
   */
  public record Endpoints(
      String connectUrl,
      String bootstrapServers,
      String statusPage,
      List<String> topics,
      String heartbeatTopic) {
    public Endpoints {
      topics = List.copyOf(topics);
    }
  }

  /** Records of one change topic not yet applied. */
  public record TopicLag(String topic, long records) {}

  /**
   * One step's times.
   *
   * @param step the step's label
   * @param started when it first started
   * @param finished when it last finished, or null while it runs
   * @param seconds from start to finish, or to now while it runs
   */
  public record StepTime(String step, Instant started, Instant finished, long seconds) {}

  /** True when the writing process updated this status recently, so it is alive. */
  public boolean fresh() {
    return updatedAt.isAfter(Instant.now().minusSeconds(20))
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
