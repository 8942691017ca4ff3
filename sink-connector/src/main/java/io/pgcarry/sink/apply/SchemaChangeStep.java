package io.pgcarry.sink.apply;

import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlScript;
import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.sink.event.SchemaChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a captured DDL command on the target, in the caller's transaction, under the search path the
 * source session had. {@code CONCURRENTLY} is dropped from the command's leading keywords: the
 * command runs in the transaction that records its position, where a concurrent index build cannot
 * run, and the target has no readers to spare yet. Stateless; thread-safe.
 */
final class SchemaChangeStep {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaChangeStep.class);

  private static final Pattern CONCURRENTLY =
      Pattern.compile("\\bconcurrently\\b", Pattern.CASE_INSENSITIVE);

  /**
   * The statement the target runs for the command.
   *
   * @throws PlanningException when the command's text cannot be found alone (it ran inside a
   *     function or a DO block)
   */
  static String statement(SchemaChange command) {
    String statement;
    try {
      statement = command.statementToRun();
    } catch (IllegalStateException e) {
      throw new PlanningException(
          "Cannot apply the DDL captured at "
              + command.lsn()
              + ": "
              + e.getMessage()
              + ". Make the target match by hand, then "
              + command.skipAdvice());
    }
    List<String> words = SqlScript.leadingWords(statement);
    if (words.contains("CONCURRENTLY")) {
      Matcher m = CONCURRENTLY.matcher(statement);
      if (m.find()) {
        statement = statement.substring(0, m.start()) + statement.substring(m.end());
      }
    }
    return statement;
  }

  /** Runs the command; the search path is the transaction's only. */
  static void run(Connection c, SchemaChange command, String statement) throws SQLException {
    if (!command.searchPath().isBlank()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
        ps.setString(1, command.searchPath());
        ps.execute();
      }
    }
    Map<SchemaChange.ObjectRef, Set<Integer>> before = new HashMap<>();
    for (SchemaChange.ObjectRef object : command.objects()) {
      if (!object.missing().isEmpty()) {
        before.put(object, columnNumbers(c, object));
      }
    }
    if (!execute(c, command, statement)) {
      return;
    }
    for (Map.Entry<SchemaChange.ObjectRef, Set<Integer>> table : before.entrySet()) {
      for (SchemaChange.MissingValue missing : table.getKey().missing()) {
        alignMissingValue(c, table.getKey(), missing, table.getValue());
      }
    }
  }

  /**
   * Runs the statement. A {@code CREATE} of an object the target has already is taken as applied:
   * post-data, which reads the source's catalog after the full load, created it there when the
   * command ran on the source during the load.
   *
   * @return false when the statement was taken as applied without running
   */
  private static boolean execute(Connection c, SchemaChange command, String statement)
      throws SQLException {
    List<String> words = SqlScript.leadingWords(statement);
    boolean create = !words.isEmpty() && words.get(0).equals("CREATE");
    Savepoint savepoint = create ? c.setSavepoint() : null;
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      if (savepoint == null || !SqlStates.isAlreadyExists(e)) {
        throw e;
      }
      c.rollback(savepoint);
      LOG.warn(
          "The target has what the DDL {} on {} captured at {} creates already (post-data created"
              + " it from the source's catalog); taken as applied",
          command.tag(),
          command.describeObjects(),
          command.lsn());
      return false;
    }
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
    return true;
  }

  /** The numbers of a target table's columns now; empty when it does not exist. */
  private static Set<Integer> columnNumbers(Connection c, SchemaChange.ObjectRef table)
      throws SQLException {
    Set<Integer> numbers = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attnum FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0")) {
      ps.setString(1, Identifier.qualify(table.schema(), table.table()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          numbers.add(rs.getInt(1));
        }
      }
    }
    return numbers;
  }

  /**
   * A column added with a default that is not immutable ({@code now()}, {@code current_user}) holds
   * in the existing rows the value the server computed when it ran the command: on the target,
   * another one. The source's value is written into those rows then, which at this point are
   * exactly the rows that existed on the source. Only for a column this command added on the target
   * (a column number that was not there before it): the rows of a column added earlier were aligned
   * then, and may have changed since.
   */
  private static void alignMissingValue(
      Connection c,
      SchemaChange.ObjectRef table,
      SchemaChange.MissingValue missing,
      Set<Integer> numbersBefore)
      throws SQLException {
    String quoted = Identifier.qualify(table.schema(), table.table());
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attnum, CASE WHEN atthasmissing THEN attmissingval::text END"
                + " FROM pg_attribute WHERE attrelid = ?::regclass AND attname = ?")) {
      ps.setString(1, quoted);
      ps.setString(2, missing.column());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()
            || numbersBefore.contains(rs.getInt(1))
            || missing.value().equals(rs.getString(2))) {
          return;
        }
      }
    }
    String column = Identifier.quote(missing.column());
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ONLY " + quoted + " SET " + column + " = (?::" + missing.type() + "[])[1]")) {
      ps.setString(1, missing.value());
      ps.executeUpdate();
    }
  }

  /** The command, for messages: tag, objects, the LSN, the statement abbreviated. */
  static String describe(SchemaChange command, String statement) {
    String line = statement.strip().replaceAll("\\s+", " ");
    return command.tag()
        + " on "
        + command.describeObjects()
        + " captured at "
        + command.lsn()
        + " ("
        + (line.length() <= 160 ? line : line.substring(0, 157) + "...")
        + ")";
  }
}
