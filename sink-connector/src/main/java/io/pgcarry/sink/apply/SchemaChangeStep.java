package io.pgcarry.sink.apply;

import io.pgcarry.common.sql.SqlScript;
import io.pgcarry.sink.event.SchemaChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a captured DDL command on the target, in the caller's transaction, under the search path the
 * source session had. {@code CONCURRENTLY} is dropped from the command's leading keywords: the
 * command runs in the transaction that records its position, where a concurrent index build cannot
 * run, and the target has no readers to spare yet. Stateless; thread-safe.
 */
final class SchemaChangeStep {

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
              + lsn(command)
              + ": "
              + e.getMessage()
              + ". Make the target match by hand, then set the sink connector's ddl.skip to "
              + lsn(command)
              + " (pgcarry migrate --skip-ddl "
              + lsn(command)
              + ")");
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
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** The command's name in messages and in {@code ddl.skip}: the LSN of its message. */
  static String lsn(SchemaChange command) {
    return new io.pgcarry.common.Lsn(command.id().seq()).toString();
  }

  /** The command, for messages: tag, objects, the LSN, the statement abbreviated. */
  static String describe(SchemaChange command, String statement) {
    String line = statement.strip().replaceAll("\\s+", " ");
    return command.tag()
        + " on "
        + command.describeObjects()
        + " captured at "
        + lsn(command)
        + " ("
        + (line.length() <= 160 ? line : line.substring(0, 157) + "...")
        + ")";
  }
}
