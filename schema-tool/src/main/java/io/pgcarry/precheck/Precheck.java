package io.pgcarry.precheck;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every reason a migration from {@code source} to {@code target} would fail, before anything
 * is created: it only reads catalogs and settings, over read-only connections, with every query
 * time-boxed.
 *
 * <p>The migration driver runs it first and refuses to start when the report {@link
 * PrecheckReport#hasErrors() has errors}. A failure to connect, or a check that cannot read what it
 * needs, is itself a finding; {@link #run()} throws only on programming errors. Not thread-safe; a
 * new run opens new connections.
 */
public final class Precheck {

  private static final Logger LOG = LoggerFactory.getLogger(Precheck.class);
  private static final PrecheckQuery TABLES = PrecheckQuery.load("tables.sql");

  private final PgUri source;
  private final PgUri target;
  private final Predicate<TableId> selection;
  private final PrecheckSettings settings;
  private final List<Check> checks;

  /** A precheck with the default slot and publication names and thresholds. */
  public Precheck(PgUri source, PgUri target, Predicate<TableId> selection) {
    this(source, target, selection, PrecheckSettings.defaults());
  }

  /**
   * @param source the database to migrate from
   * @param target the database to migrate into; it may not exist yet
   * @param selection which source tables are migrated
   * @param settings the slot and publication the migration will use, and thresholds
   */
  public Precheck(
      PgUri source, PgUri target, Predicate<TableId> selection, PrecheckSettings settings) {
    this.source = Objects.requireNonNull(source, "source");
    this.target = Objects.requireNonNull(target, "target");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.checks = checks();
  }

  /** Every check, in the order a reader meets them in the report: servers, accounts, objects. */
  static List<Check> checks() {
    return List.of(
        new VersionCheck(),
        new WalLevelCheck(),
        new ReplicationCapacityCheck(),
        new WalRetentionCheck(),
        new ReplicationSlotCheck(),
        new FallbackSlotCheck(),
        new LongTransactionCheck(),
        new StatementTimeoutCheck(),
        new SelectedTablesCheck(),
        new SnapshotOnlyCheck(),
        new DdlCaptureCheck(),
        new MappingCheck(),
        new TopicNameCheck(),
        new SourcePrivilegeCheck(),
        new TargetPrivilegeCheck(),
        new ReplicationRoleCheck(),
        new ReplicaIdentityCheck(),
        new KeylessTableCheck(),
        new UnloggedTableCheck(),
        new LargeObjectCheck(),
        new GeneratedColumnCheck(),
        new CFunctionCheck(),
        new ExtensionCheck(),
        new TargetTableCheck(),
        new TargetColumnCheck(),
        new DatabaseSizeCheck());
  }

  /** Runs every check and returns all findings. */
  public PrecheckReport run() {
    long started = System.nanoTime();
    ConnectivityCheck connectivity = new ConnectivityCheck(settings.statementTimeout());
    ConnectivityCheck.Outcome sourceOutcome = connectivity.source(source);
    ConnectivityCheck.Outcome targetOutcome = connectivity.target(target);
    List<Finding> findings = new ArrayList<>(sourceOutcome.findings());
    findings.addAll(targetOutcome.findings());
    try (Connection sourceConnection = sourceOutcome.connection();
        Connection targetConnection = targetOutcome.connection()) {
      CheckContext context =
          context(sourceConnection, targetConnection, targetOutcome.databaseExists(), findings);
      for (Check check : checks) {
        findings.addAll(run(check, context));
      }
    } catch (SQLException e) {
      findings.add(
          Finding.error(
              ConnectivityCheck.ID, "source", "cannot read the source: " + e.getMessage(), null));
    }
    LOG.info(
        "Precheck of {} -> {} took {} ms",
        source,
        target,
        (System.nanoTime() - started) / 1_000_000);
    return new PrecheckReport(findings);
  }

  private CheckContext context(
      Connection sourceConnection,
      Connection targetConnection,
      boolean targetDatabaseExists,
      List<Finding> findings)
      throws SQLException {
    ServerInfo sourceInfo = sourceConnection == null ? null : ServerInfo.read(sourceConnection);
    ServerInfo targetInfo = null;
    if (targetConnection != null) {
      try {
        targetInfo = ServerInfo.read(targetConnection);
      } catch (SQLException e) {
        findings.add(
            Finding.error(
                ConnectivityCheck.ID, "target", "cannot read the target: " + e.getMessage(), null));
        targetConnection = null;
      }
    }
    SortedSet<TableId> tables = new TreeSet<>();
    if (sourceConnection != null) {
      for (TableId table :
          TABLES.list(
              sourceConnection,
              row -> new TableId(row.getString("schema_name"), row.getString("table_name")))) {
        if (selection.test(table)) {
          tables.add(table);
        }
      }
    }
    return new CheckContext(
        source,
        target,
        sourceConnection,
        sourceInfo,
        targetConnection,
        targetInfo,
        targetDatabaseExists,
        tables,
        settings);
  }

  /** Runs one check when its servers are reachable; a failure becomes a warning finding. */
  private static List<Finding> run(Check check, CheckContext context) {
    boolean sourceMissing = context.source() == null && check.needs() != Check.Servers.TARGET;
    boolean targetMissing = context.target() == null && check.needs() != Check.Servers.SOURCE;
    if (sourceMissing || targetMissing) {
      return List.of();
    }
    try {
      return check.run(context);
    } catch (SQLException e) {
      LOG.debug("Check {} failed", check.id(), e);
      return List.of(
          Finding.warning(
              check.id(),
              "precheck",
              "this check could not run, so what it looks for is unknown: " + e.getMessage(),
              null));
    }
  }
}
