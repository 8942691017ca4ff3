package io.pgcarry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgcarry.common.Connections;
import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.probes.SlotHealth;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.StatusRenderer;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.migrate.verify.OnlineVerifyProgress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry status}: a running migration's step, per-table load progress and lag. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a migration's step, cutover readiness, per-table snapshot progress and lag, as last"
          + " published by its running `migrate` (every second). A run over several databases"
          + " shows the tables of every database, each after its database's name; tables"
          + " renamed by the mapping are shown by their source names.",
      "Lag is the number of change records in Kafka that the target has not applied, in all and"
          + " per topic; 'source' is how far the slot's confirmed position is behind the source's"
          + " current WAL, in bytes (with several databases, the slot furthest behind); 'WAL' is"
          + " what the slot retains on the source, judged against --retained-wal-warning and"
          + " --retained-wal-error of migrate; 'latency' is source commit to target apply over the"
          + " last minute (p50, p99); 'heartbeat' is the age of the source connector's last"
          + " heartbeat; 'connect' is the Connect worker's REST URL and the Kafka cluster, for"
          + " kcctl, curl or a consumer.",
      "'NO DELAY' (JSON: noDelay) is the cutover cue: streaming, every record applied, and the"
          + " slot confirmed to within 16 MiB of the source's WAL.",
      "After `pgcarry verify --online`, its progress per table: chunks matched, differing and"
          + " pending, and the ranges that differ (JSON: onlineVerify).",
      "With --source, also the migration's replication slot on the source: a warning while no"
          + " process streams from it and it makes the source keep WAL (a migrate that stopped"
          + " and was not resumed), or when the source invalidated it (max_slot_wal_keep_size).",
      "With --target, also the slot of the way back on the target (the new server) after `cutover"
          + " --fallback`: a warning while no process streams from it (the new server keeps WAL"
          + " for it until its disk is full), naming the command that removes it."
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;
  @Mixin WorkDirOptions where;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Option(
      names = "--source",
      description = "Source database URI: also check the migration's replication slot there.")
  String source;

  @Option(
      names = "--target",
      description =
          "Target database URI: also check the slot of the way back there (cutover --fallback).")
  String target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws SQLException {
    PgUri sourceUri = source == null ? null : Uris.parse("--source", source);
    PgUri targetUri = target == null ? null : Uris.parse("--target", target);
    MigrationStatus status = where.status();
    var out = spec.commandLine().getOut();
    Optional<OnlineVerifyProgress> verification = where.workDir().readOnlineVerify();
    if (json) {
      out.print(json(status, verification.orElse(null)) + "\n");
    } else {
      out.print(StatusRenderer.full(status));
      verification.map(StatusRenderer::onlineVerify).ifPresent(out::print);
    }
    if (sourceUri != null) {
      slotWarnings(status, where.workDir(), sourceUri)
          .forEach(line -> out.println("WARNING    " + line));
    }
    if (targetUri != null) {
      wayBackWarnings(status, where.workDir(), targetUri)
          .forEach(line -> out.println("WARNING    " + line));
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /**
   * The status as JSON, with the last online verification under {@code onlineVerify} when there was
   * one: its {@code state} ({@code running}, {@code finished} or {@code stopped} before its end),
   * and its progress as the status page serves it ({@code finished}, {@code updatedAt}, {@code
   * report} with chunks matched, differing and pending per table).
   */
  private static String json(MigrationStatus status, OnlineVerifyProgress verification) {
    if (verification == null) {
      return WorkDir.json(status);
    }
    ObjectMapper mapper = new ObjectMapper();
    try {
      ObjectNode node = (ObjectNode) mapper.readTree(WorkDir.json(status));
      ObjectNode online = (ObjectNode) mapper.readTree(WorkDir.json(verification));
      online.put(
          "state",
          verification.finished() ? "finished" : verification.running() ? "running" : "stopped");
      node.set("onlineVerify", online);
      return WorkDir.json(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What the source says of the slots of the run's databases (one, or each of several), when it is
   * worth a warning. A missing slot is worth one only when the run has none at all: a database
   * without tables has none.
   */
  private static List<String> slotWarnings(MigrationStatus status, WorkDir dir, PgUri sourceUri)
      throws SQLException {
    List<MigrationName> names = names(status, dir);
    List<String> warnings = new ArrayList<>();
    boolean any = false;
    try (Connection connection = Connections.open(sourceUri, "source")) {
      for (MigrationName name : names) {
        Optional<SlotHealth> slot = SlotHealth.read(connection, name.slotName());
        if (slot.isPresent()) {
          any = true;
          slot.get().warning(name.value()).ifPresent(warnings::add);
        }
      }
    }
    // After a cutover (with --fallback, the way back then streams) the slot is gone by design.
    if (!any && status.step().compareTo(Step.CUTOVER) < 0) {
      warnings.add(
          names.size() == 1
              ? "replication slot " + names.get(0).slotName() + " does not exist on the source"
              : "no replication slot of migration " + status.name() + " exists on the source");
    }
    return warnings;
  }

  /**
   * What the target says of the slots of the run's way back: a warning for each that exists and no
   * process streams from, whatever the migration's step (a way back left behind by a migrate that
   * stopped and was not resumed).
   */
  private static List<String> wayBackWarnings(MigrationStatus status, WorkDir dir, PgUri targetUri)
      throws SQLException {
    List<String> warnings = new ArrayList<>();
    try (Connection connection = Connections.open(targetUri, "target")) {
      for (MigrationName name : names(status, dir)) {
        Optional<SlotHealth> slot = SlotHealth.read(connection, name.fallback().slotName());
        if (slot.isPresent()) {
          slot.get().wayBackWarning(status.name()).ifPresent(warnings::add);
        }
      }
    }
    return warnings;
  }

  /** The migration names of the run's databases (one, or each of several). */
  private static List<MigrationName> names(MigrationStatus status, WorkDir dir) {
    return dir.readDatabases()
        .map(run -> run.databases().stream().map(d -> new MigrationName(d.name())).toList())
        .orElse(List.of(new MigrationName(status.name())));
  }
}
