package io.pgcarry.migrate;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.TableSelection;
import io.pgcarry.common.TableSelection.LikePattern;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.SchemaChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * DDL while streaming: pgcarry's event triggers on a source database ({@code ddl-capture.sql}).
 * Each DDL command on the migrated objects is written into the change stream as a transactional
 * logical message at its place in its transaction; the source connector writes it to every change
 * topic and the sink runs it on the target where every table stands exactly as it stood on the
 * source. A table created among the migrated tables joins the publication in the transaction that
 * creates it; one without a replica identity joins once it has one ({@code --set-replica-identity}
 * gives it {@code REPLICA IDENTITY FULL} at once), and its rows so far travel with it.
 *
 * <p>Event triggers need a superuser (the precheck says so). The capture is installed before the
 * slot is created, and removed at cutover and cleanup. Stateless.
 *
 * @param name the migration's name
 * @param publication the migration's publication
 * @param selection the migrated tables
 * @param setReplicaIdentity whether a new table without a key gets {@code REPLICA IDENTITY FULL}
 * @param skip captured commands the sink must not run ({@link DdlOptions#skip})
 */
public record DdlCapture(
    String name,
    String publication,
    TableSelection selection,
    boolean setReplicaIdentity,
    List<String> skip) {

  /** The capture of a migration. */
  static DdlCapture of(MigrationSpec spec, boolean setReplicaIdentity, List<String> skip) {
    return new DdlCapture(
        spec.name(), spec.publicationName(), spec.selection(), setReplicaIdentity, skip);
  }

  /** The capture of a migration known by its name alone, to remove it. */
  public static DdlCapture named(MigrationName name) {
    return new DdlCapture(
        name.value(), name.publicationName(), TableSelection.all(), false, List.of());
  }

  /** The schema on the source that holds the capture's functions: pgcarry's, never migrated. */
  static final String SCHEMA = "pgcarry";

  private static final SqlResource INSTALL = SqlResource.load(DdlCapture.class, "ddl-capture.sql");
  private static final SqlResource REMOVE =
      SqlResource.load(DdlCapture.class, "ddl-capture-drop.sql");

  /** Installs or refreshes the capture; idempotent. Commits when the connection does not. */
  public void install(Connection source) throws SQLException {
    execute(source, INSTALL);
  }

  /** Removes the capture; idempotent. */
  public void remove(Connection source) throws SQLException {
    execute(source, REMOVE);
  }

  /** The statements that install the capture, for an operator who runs them as a superuser. */
  String installScript() {
    return render(INSTALL.text());
  }

  private void execute(Connection source, SqlResource script) throws SQLException {
    try (Statement statement = source.createStatement()) {
      statement.execute(render(script.text()));
    }
    if (!source.getAutoCommit()) {
      source.commit();
    }
  }

  String render(String template) {
    String suffix = name.replace('-', '_');
    List<LikePattern> includes = selection.includeLikes();
    List<LikePattern> excludes = selection.excludeLikes();
    Map<String, String> values =
        Map.ofEntries(
            Map.entry("@schema@", Identifier.quote(SCHEMA)),
            Map.entry("@schema_name@", Identifier.literal(SCHEMA)),
            Map.entry("@end_fn@", Identifier.qualify(SCHEMA, "ddl_end_" + suffix)),
            Map.entry("@drop_fn@", Identifier.qualify(SCHEMA, "ddl_drop_" + suffix)),
            Map.entry("@capture_fn@", Identifier.qualify(SCHEMA, "ddl_capture_" + suffix)),
            Map.entry("@rewrite_fn@", Identifier.qualify(SCHEMA, "ddl_rewrite_" + suffix)),
            Map.entry("@rewrite_trigger@", Identifier.quote(triggerName("rewrite"))),
            Map.entry("@table_fn@", tableFunction()),
            Map.entry("@schema_fn@", Identifier.qualify(SCHEMA, "migrated_schema_" + suffix)),
            Map.entry("@end_trigger@", Identifier.quote(triggerName("end"))),
            Map.entry("@drop_trigger@", Identifier.quote(triggerName("drop"))),
            Map.entry("@publication@", Identifier.literal(publication)),
            Map.entry("@ddl_prefix@", Identifier.literal(SchemaChanges.ddlPrefix(name))),
            Map.entry("@rows_prefix@", Identifier.literal(SchemaChanges.rowsPrefix(name))),
            Map.entry("@rows_end_prefix@", Identifier.literal(SchemaChanges.rowsEndPrefix(name))),
            Map.entry("@include_schemas@", array(includes, LikePattern::schema)),
            Map.entry("@include_tables@", array(includes, LikePattern::table)),
            Map.entry("@exclude_schemas@", array(excludes, LikePattern::schema)),
            Map.entry("@exclude_tables@", array(excludes, LikePattern::table)),
            Map.entry("@set_identity@", Boolean.toString(setReplicaIdentity)));
    String out = template;
    for (var entry : values.entrySet()) {
      out = out.replace(entry.getKey(), entry.getValue());
    }
    return out;
  }

  /** The capture's selection function on the source, quoted: whether a table is migrated. */
  public String tableFunction() {
    return Identifier.qualify(SCHEMA, "migrated_table_" + name.replace('-', '_'));
  }

  /** The name of one of the migration's event triggers on the source. */
  public String triggerName(String which) {
    return "pgcarry_ddl_" + which + "_" + name;
  }

  /** One part of each pattern as a SQL literal of a text array. */
  private static String array(List<LikePattern> patterns, Function<LikePattern, String> part) {
    String elements =
        patterns.stream()
            .map(p -> '"' + part.apply(p).replace("\\", "\\\\").replace("\"", "\\\"") + '"')
            .collect(Collectors.joining(",", "{", "}"));
    return Identifier.literal(elements);
  }
}
