package io.pgcarry.schema.apply;

import io.pgcarry.schema.SchemaFailure;
import io.pgcarry.schema.ddl.SchemaObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs objects' statements on the target in one transaction, so a phase is created entirely or not
 * at all. The session is set up as pg_dump's restore sets it up: function bodies are not checked at
 * creation (which breaks cycles between functions and what they use), and the search path is empty,
 * so every name must be, and is, qualified.
 */
public final class Applier {

  private final Connection connection;
  private final String leftOnFailure;

  /**
   * @param connection an open connection to the target; left open
   */
  public Applier(Connection connection) {
    this(connection, "nothing of this phase was committed");
  }

  /**
   * @param leftOnFailure what a failure leaves on the target, for its message
   */
  Applier(Connection connection, String leftOnFailure) {
    this.connection = connection;
    this.leftOnFailure = leftOnFailure;
  }

  /**
   * Creates the objects, in order, committing once at the end.
   *
   * @throws SchemaFailure naming the object and statement that failed; nothing is committed
   */
  public void apply(List<SchemaObject> objects) {
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL check_function_bodies = false");
        statement.execute("SET LOCAL search_path = ''");
        statement.execute("SET LOCAL client_min_messages = warning");
        for (SchemaObject object : objects) {
          for (String sql : object.statements()) {
            execute(statement, object, sql);
          }
        }
        connection.commit();
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new SchemaFailure("cannot apply the schema on the target: " + e.getMessage(), e);
    }
  }

  private void execute(Statement statement, SchemaObject object, String sql) {
    try {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new SchemaFailure(
          "failed to create "
              + object.describe()
              + " on the target: "
              + firstLine(e.getMessage())
              + " (SQL state "
              + e.getSQLState()
              + "); statement: "
              + firstLine(sql)
              + (sql.contains("\n") ? " ..." : "")
              + "; "
              + leftOnFailure,
          e);
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
