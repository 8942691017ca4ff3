package io.pgcarry.migrate.fallback;

import io.pgcarry.common.Connections;
import io.pgcarry.common.MigrationName;
import io.pgcarry.common.ReplicationSlot;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.migrate.DdlCapture;
import io.pgcarry.migrate.DdlOptions;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.steps.CutoverStep;
import io.pgcarry.migrate.steps.DatabaseMigration;
import io.pgcarry.schema.catalog.SourceTable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code pgcarry cutover --fallback} does besides a cutover ({@link CutoverStep.Fallback}):
 * before anything ends, checks that the way back can run (logical WAL and a replication role on the
 * new server; a role on the old one that can write every migrated table, set {@code
 * session_replication_role} and create the position table) and names the roles that could still
 * write to the old database; once the new server has every change, creates there the publication of
 * the migrated tables and the pgoutput slot the reverse direction streams from. Stateless;
 * connections are its own.
 */
public final class FallbackSetup implements CutoverStep.Fallback {

  private static final SqlResource REPLICATION_ROLE =
      SqlResource.load(FallbackSetup.class, "replication-role.sql");
  private static final SqlResource UNWRITABLE =
      SqlResource.load(FallbackSetup.class, "unwritable-tables.sql");
  private static final SqlResource OTHER_WRITERS =
      SqlResource.load(FallbackSetup.class, "other-writers.sql");
  private static final SqlResource OLD_SERVER_ROLE =
      SqlResource.load(FallbackSetup.class, "old-server-role.sql");
  private static final SqlResource CREATE_SLOT =
      SqlResource.load(FallbackSetup.class, "create-slot.sql");

  private final MigrationRun run;

  public FallbackSetup(MigrationRun run) {
    this.run = run;
  }

  /**
   * The migration the way back runs under: the new server (the forward target) as its source, the
   * old one as its target, the same tables under the same names, under the forward name's {@link
   * MigrationName#fallback}.
   */
  public static MigrationSpec reverse(MigrationSpec forward) {
    return new MigrationSpec(
        forward.migrationName().fallback().value(),
        forward.target(),
        forward.source(),
        List.of(),
        List.of(),
        forward.mapping());
  }

  @Override
  public List<String> check(List<DatabaseMigration> databases) throws SQLException {
    List<String> errors = new ArrayList<>();
    if (run.settings().connectUrl().isPresent()) {
      errors.add(
          "the way back runs on the embedded Connect worker only: cut over without --fallback on"
              + " a Connect cluster of your own");
    }
    List<String> warnings = new ArrayList<>();
    for (DatabaseMigration database : databases) {
      MigrationSpec spec = database.spec();
      if (!spec.mapping().isIdentity()) {
        errors.add(
            "the way back cannot reverse --mapping yet: cut over "
                + spec.source().database()
                + " without --fallback");
        continue;
      }
      errors.addAll(checkNewServer(spec, run.ddl().capture()));
      checkOldServer(spec, quoted(database.tables()), errors, warnings);
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException(
          "cannot cut over with --fallback, nothing was ended: " + String.join("; ", errors));
    }
    return warnings;
  }

  /**
   * What the old server's role lacks to apply the new server's changes, into {@code errors}; the
   * other roles that could still write the tables there, into {@code warnings}.
   */
  private static void checkOldServer(
      MigrationSpec spec, List<String> tables, List<String> errors, List<String> warnings)
      throws SQLException {
    try (Connection old = Connections.open(spec.source(), "source")) {
      List<String> unwritable = column(old, UNWRITABLE, tables);
      if (!unwritable.isEmpty()) {
        errors.add(
            "role "
                + spec.source().user()
                + " cannot write "
                + String.join(", ", unwritable)
                + " on the old server, where the way back applies the new server's changes:"
                + " GRANT INSERT, UPDATE, DELETE, TRUNCATE ON those tables TO "
                + Identifier.quote(spec.source().user())
                + ", or cut over without --fallback");
      }
      errors.addAll(checkOldRole(old, spec.source().user()));
      List<String> writers = column(old, OTHER_WRITERS, tables);
      if (!writers.isEmpty()) {
        warnings.add(
            "warning: roles "
                + String.join(", ", writers)
                + " can still write the migrated tables of the old database "
                + spec.source().database()
                + "; anything they write there is overwritten or lost at fallback: revoke"
                + " their privileges or block their connections (docs/operators.md)");
      }
    }
  }

  /**
   * What the old server's role lacks for the reverse sink besides writing the tables, each with its
   * fix: setting {@code session_replication_role} (as the forward sink does on the target) and
   * creating the position table.
   */
  private static List<String> checkOldRole(Connection old, String user) throws SQLException {
    List<String> errors = new ArrayList<>();
    String role = Identifier.quote(user);
    boolean superuser;
    int version;
    try (Statement statement = old.createStatement();
        ResultSet rs = statement.executeQuery(OLD_SERVER_ROLE.text())) {
      rs.next();
      superuser = rs.getBoolean("superuser");
      version = rs.getInt("version_num");
      if (!rs.getBoolean("can_create")) {
        errors.add(
            "role "
                + user
                + " may not create pgcarry's position table in the old database: GRANT CREATE ON"
                + " DATABASE "
                + Identifier.quote(old.getCatalog())
                + " TO "
                + role
                + ";");
      }
    }
    if (superuser) {
      return errors;
    }
    if (version < 150000) {
      errors.add(
          "the reverse sink sets session_replication_role = replica on the old server, which"
              + " before PostgreSQL 15 only a superuser may: give the source URI a superuser, or"
              + " cut over without --fallback");
      return errors;
    }
    try (Statement statement = old.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT pg_catalog.has_parameter_privilege('session_replication_role', 'SET')")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        errors.add(
            "role "
                + user
                + " may not set session_replication_role on the old server, which the reverse"
                + " sink does: GRANT SET ON PARAMETER session_replication_role TO "
                + role
                + ";");
      }
    }
    return errors;
  }

  /**
   * What the new server lacks to send changes back, each with its fix; with DDL capture, what the
   * capture needs there as on a source: a superuser for its event triggers, and PostgreSQL 14 or
   * later for its logical messages.
   */
  private static List<String> checkNewServer(MigrationSpec spec, boolean captureDdl)
      throws SQLException {
    List<String> errors = new ArrayList<>();
    try (Connection target = Connections.open(spec.target(), "target");
        Statement statement = target.createStatement();
        ResultSet rs = statement.executeQuery(REPLICATION_ROLE.text())) {
      rs.next();
      if (captureDdl && !rs.getBoolean("superuser")) {
        errors.add(
            "the way back carries the new server's DDL (--capture-ddl) through event triggers,"
                + " which only a superuser may create there: give the target URI a superuser, or"
                + " migrate without --capture-ddl");
      }
      if (captureDdl && rs.getInt("version_num") < 140000) {
        errors.add(
            "the way back carries the new server's DDL (--capture-ddl) as logical messages, which"
                + " pgoutput sends from PostgreSQL 14 on: migrate without --capture-ddl to cut"
                + " over with --fallback to this server");
      }
      if (!"logical".equals(rs.getString("wal_level"))) {
        errors.add(
            "the new server has wal_level = "
                + rs.getString("wal_level")
                + ": set wal_level = logical there and restart it");
      }
      if (!rs.getBoolean("can_replicate")) {
        errors.add(
            "role "
                + spec.target().user()
                + " may not create a replication slot on the new server: ALTER ROLE "
                + Identifier.quote(spec.target().user())
                + " REPLICATION;");
      }
    }
    return errors;
  }

  @Override
  public String createSlot(DatabaseMigration database) throws SQLException {
    MigrationSpec reverse = reverse(database.spec());
    String publication = Identifier.quote(reverse.publicationName());
    String tables =
        database.tables().stream()
            .map(SourceTable::id)
            .map(TableId::quoted)
            .collect(Collectors.joining(", "));
    try (Connection target = Connections.open(reverse.source(), "target");
        Statement statement = target.createStatement()) {
      if (run.ddl().capture()) {
        // Before the slot, as on a source: every command after its consistent point is captured.
        // The forward sink is done, so none of its commands can be captured back.
        reverseCapture(database.spec(), run.ddl()).install(target);
      }
      // A cutover retried after a failure finds the slot of its first attempt; its consistent
      // point is as good as a new one's, but a new one is as good and simpler to reason about.
      ReplicationSlot slot = new ReplicationSlot(reverse.slotName());
      Optional<ReplicationSlot.State> earlier = slot.state(target);
      if (earlier.isPresent() && !earlier.get().active()) {
        slot.drop(target);
      }
      statement.execute("DROP PUBLICATION IF EXISTS " + publication);
      // The publication first: the slot decodes with the catalog as of each change.
      statement.execute("CREATE PUBLICATION " + publication + " FOR TABLE " + tables);
      try (PreparedStatement create = target.prepareStatement(CREATE_SLOT.text())) {
        create.setString(1, reverse.slotName());
        try (ResultSet rs = create.executeQuery()) {
          rs.next();
          return "fallback publication and slot "
              + reverse.slotName()
              + " created on the new server at "
              + rs.getString(1);
        }
      }
    }
  }

  /**
   * The DDL capture of a migration's way back, on the new server: under the way back's name and
   * publication, over the tables the migration selected (the way back cannot reverse a mapping, so
   * they have the same names there), no command skipped.
   */
  public static DdlCapture reverseCapture(MigrationSpec forward, DdlOptions ddl) {
    MigrationSpec reverse = reverse(forward);
    return new DdlCapture(
        reverse.name(),
        reverse.publicationName(),
        forward.selection(),
        ddl.setReplicaIdentity(),
        List.of());
  }

  private static List<String> quoted(List<SourceTable> tables) {
    return tables.stream().map(SourceTable::id).map(TableId::quoted).toList();
  }

  /** The first column of a query over the tables, given as its one parameter. */
  private static List<String> column(Connection connection, SqlResource query, List<String> tables)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(query.text())) {
      Array array = connection.createArrayOf("text", tables.toArray());
      statement.setArray(1, array);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }
}
