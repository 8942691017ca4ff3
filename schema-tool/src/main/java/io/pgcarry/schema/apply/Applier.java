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

  /**
   * Work on the target that belongs with the objects, done in their transaction after them.
   *
   * @param what what the work does, for the message when it fails, e.g. {@code record the keys}
   * @param work the work, on the applier's connection
   */
  public record Then(String what, Work work) {

    /** No work. */
    public static final Then NOTHING = new Then("do nothing", connection -> {});
  }

  /** Statements on the target's connection, inside the caller's transaction. */
  @FunctionalInterface
  public interface Work {
    void run(Connection connection) throws SQLException;
  }

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
    apply(objects, Then.NOTHING);
  }

  /**
   * Creates the objects, in order, then does {@code then}, committing once at the end.
   *
   * @throws SchemaFailure naming the object and statement, or the work, that failed; nothing is
   *     committed
   */
  public void apply(List<SchemaObject> objects, Then then) {
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
        run(then);
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

  private void run(Then then) {
    try {
      then.work().run(connection);
    } catch (SQLException e) {
      throw new SchemaFailure(
          "cannot "
              + then.what()
              + " on the target: "
              + firstLine(e.getMessage())
              + " (SQL state "
              + e.getSQLState()
              + "); "
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
