package io.pgcarry.migrate.state;

import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.Lag;
import io.pgcarry.migrate.probes.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes a running migration's status to its work directory: the one place that builds a {@link
 * MigrationStatus}. It keeps the last measurement, so that a new message (during cutover, say) goes
 * out with it, and writes the last status again every couple of seconds, so that the status stays
 * fresh while the run waits on something slow (a Connect worker in the middle of a rebalance can
 * take a minute to answer): another shell tells a live run from a dead one by it. Thread-safe.
 */
public final class StatusWriter implements AutoCloseable {

  private static final long KEEP_ALIVE_SECONDS = 2;

  private final String name;
  private final WorkDir workDir;
  private final Supplier<MigrationState> state;
  private final long pid = ProcessHandle.current().pid();
  private String connectUrl;
  private String bootstrapServers;
  private String statusPage;
  private String heartbeatTopic;
  private Measurement last = Measurement.none();
  private Step writtenStep;
  private String writtenMessage;
  private String writtenFailure;
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pgcarry-status");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param state the migration's state, for the steps' times
   */
  public StatusWriter(String name, WorkDir workDir, Supplier<MigrationState> state) {
    this.name = name;
    this.workDir = workDir;
    this.state = state;
    keepAlive.scheduleWithFixedDelay(
        this::rewrite, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Where operators reach the running migration, published from the next status on with the change
   * topics measured.
   *
   * @param statusPage the status page, or null when none is served
   */
  public synchronized void endpoints(
      String connectUrl, String bootstrapServers, String statusPage, String heartbeatTopic) {
    this.connectUrl = connectUrl;
    this.bootstrapServers = bootstrapServers;
    this.statusPage = statusPage;
    this.heartbeatTopic = heartbeatTopic;
  }

  /** Publishes a new measurement. */
  public synchronized MigrationStatus measured(Step step, String message, Measurement measurement) {
    this.last = measurement;
    return write(step, message, null);
  }

  /** Publishes a new message with the last measurement. */
  public synchronized MigrationStatus message(Step step, String message) {
    return write(step, message, null);
  }

  /** Publishes a failure and what to do about it, with the last measurement. */
  public synchronized MigrationStatus failed(Step step, String failure) {
    return write(step, "failed", failure);
  }

  /** Publishes the end: cut over, nothing left to apply. */
  public synchronized MigrationStatus done(String message) {
    last = Measurement.none();
    return write(Step.DONE, message, null);
  }

  private MigrationStatus write(Step step, String message, String failure) {
    Lag lag = last.lag();
    Map<String, Long> perTopic = new java.util.TreeMap<>();
    lag.partitions().forEach(p -> perTopic.merge(p.topic(), p.records(), Long::sum));
    List<MigrationStatus.TopicLag> topicLag = new ArrayList<>();
    perTopic.forEach(
        (topic, records) -> topicLag.add(new MigrationStatus.TopicLag(topic, records)));
    MigrationStatus status =
        new MigrationStatus(
            name,
            pid,
            Instant.now(),
            step,
            message,
            last.tables(),
            lag.records(),
            lag.applied(),
            lag.lastAppliedLsn().orElse(null),
            lag.lastAppliedCommit().orElse(null),
            failure,
            connectUrl == null
                ? null
                : new MigrationStatus.Endpoints(
                    connectUrl,
                    bootstrapServers,
                    statusPage,
                    List.copyOf(perTopic.keySet()),
                    heartbeatTopic),
            last.slot().orElse(null),
            topicLag,
            last.latency(),
            last.heartbeatAgeSeconds().orElse(null),
            last.noDelay(step),
            steps());
    workDir.writeStatus(status);
    writtenStep = step;
    writtenMessage = message;
    writtenFailure = failure;
    return status;
  }

  /** The last status again, now; nothing until a first status was written, nor after the end. */
  private synchronized void rewrite() {
    if (writtenStep != null && writtenStep != Step.DONE) {
      write(writtenStep, writtenMessage, writtenFailure);
    }
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
  }

  private List<MigrationStatus.StepTime> steps() {
    MigrationState now = state.get();
    List<MigrationStatus.StepTime> steps = new ArrayList<>();
    for (Step step : Step.values()) {
      Instant started = now.stepStarted().get(step);
      if (started == null || step == Step.NEW) {
        continue;
      }
      Instant finished = now.stepFinished().get(step);
      Instant end = finished != null && !finished.isBefore(started) ? finished : Instant.now();
      steps.add(
          new MigrationStatus.StepTime(
              step.label(), started, finished, Duration.between(started, end).toSeconds()));
    }
    return steps;
  }
}
