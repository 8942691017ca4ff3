package io.pgcarry.sink.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random source histories, made valid by the source itself: transactions of random statements run
 * on a real source server, and a statement the server rejects (a unique or deferred constraint
 * violated, a row that is not there) is rolled back to its savepoint and so is not part of the
 * history; a transaction whose commit fails (a deferred constraint) is not either. The tables:
 *
 * <pre>
 * u(id int PRIMARY KEY, a int UNIQUE, b int UNIQUE DEFERRABLE INITIALLY DEFERRED, v text)
 * k(x int, y text) REPLICA IDENTITY FULL, with identical rows
 * p(id int PRIMARY KEY, n int, v text), the key its only unique index
 * </pre>
 *
 * Small value domains make collisions, handoffs and swaps frequent; some {@code v} values are large
 * enough to be TOASTed, so that updates leaving them unchanged do not send them. Not thread-safe.
 */
public final class RandomHistory {

  /** The tables' definitions, for the source and the target alike. */
  public static final List<String> DDL =
      List.of(
          "CREATE TABLE u (id int PRIMARY KEY, a int UNIQUE,"
              + " b int UNIQUE DEFERRABLE INITIALLY DEFERRED, v text)",
          "CREATE TABLE k (x int, y text)",
          "ALTER TABLE k REPLICA IDENTITY FULL",
          "CREATE TABLE p (id int PRIMARY KEY, n int, v text)");

  private static final int IDS = 24;

  private final Random random;
  private int statements;
  private int rejected;
  private int transactions;
  private int deferredSwaps;

  public RandomHistory(Random random) {
    this.random = random;
  }

  /** Rows the source holds before the history starts. */
  public static List<String> initialRows() {
    return List.of(
        "INSERT INTO u SELECT g, g, g, 'v' || g FROM generate_series(1, 12) g",
        "INSERT INTO k SELECT g % 3, 'p' FROM generate_series(1, 12) g",
        "INSERT INTO p SELECT g, g, 'v' || g FROM generate_series(1, 12) g");
  }

  /** Runs one random transaction: a single statement, or several. */
  public void transaction(Connection source) throws SQLException {
    source.setAutoCommit(false);
    int count = random.nextInt(3) == 0 ? 1 : 2 + random.nextInt(5);
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chosen.addAll(statement());
    }
    int swaps = 0;
    try (Statement s = source.createStatement()) {
      for (String sql : chosen) {
        Savepoint savepoint = source.setSavepoint();
        statements++;
        try {
          if (s.executeUpdate(sql) == 2 && sql.contains("SET b = CASE")) {
            swaps++;
          }
          source.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          rejected++;
          source.rollback(savepoint);
        }
      }
      if (random.nextInt(20) == 0) {
        source.rollback();
        return;
      }
      source.commit();
      transactions++;
      deferredSwaps += swaps;
    } catch (SQLException e) {
      // A deferred constraint failed at commit: the transaction is not part of the history.
      source.rollback();
    }
  }

  /** What ran, for the test's report. */
  public String summary() {
    return transactions
        + " transactions committed, "
        + statements
        + " statements tried, "
        + rejected
        + " rejected by the source, "
        + deferredSwaps
        + " swaps of a deferred unique value in one statement";
  }

  private List<String> statement() {
    int id = id();
    int other = id();
    return switch (random.nextInt(24)) {
      case 0, 1 ->
          List.of(
              "INSERT INTO u VALUES ("
                  + id
                  + ", "
                  + value()
                  + ", "
                  + value()
                  + ", "
                  + text()
                  + ")");
      case 2 -> List.of("UPDATE u SET v = " + text() + " WHERE id = " + id);
      case 3 -> List.of("UPDATE u SET a = " + value() + " WHERE id = " + id);
      case 4 -> List.of("UPDATE u SET b = " + value() + " WHERE id = " + id);
      case 5 -> List.of("UPDATE u SET id = " + other + " WHERE id = " + id);
      case 6 -> List.of("DELETE FROM u WHERE id = " + id);
      case 7 -> handoff("a", id, other);
      case 8 -> handoff("b", id, other);
      case 9 -> List.of(swap("a", id, other));
      case 10, 16, 17 -> List.of(swap("b", id, other));
      case 11 -> List.of("UPDATE u SET a = a + 1 WHERE id BETWEEN " + id + " AND " + (id + 4));
      case 12 ->
          List.of(
              "INSERT INTO k VALUES ("
                  + random.nextInt(3)
                  + ", "
                  + (random.nextBoolean() ? "'p'" : "'q'")
                  + ")");
      case 13 ->
          List.of("INSERT INTO k SELECT x, y FROM k WHERE x = " + random.nextInt(3) + " LIMIT 2");
      case 14 ->
          List.of(
              "DELETE FROM k WHERE ctid = (SELECT ctid FROM k WHERE x = "
                  + random.nextInt(3)
                  + " LIMIT 1)");
      // p: whatever its changes interleave to, the sink reduces each key to its net effect.
      case 18, 19 -> List.of("INSERT INTO p VALUES (" + id + ", " + value() + ", " + text() + ")");
      case 20 -> List.of("UPDATE p SET v = " + text() + " WHERE id = " + id);
      case 21 ->
          List.of("UPDATE p SET n = " + value() + " WHERE id BETWEEN " + id + " AND " + (id + 2));
      case 22 -> List.of("UPDATE p SET id = " + other + " WHERE id = " + id);
      case 23 -> List.of("DELETE FROM p WHERE id = " + id);
      default ->
          List.of(
              "UPDATE k SET y = "
                  + (random.nextBoolean() ? "'p'" : "'q'")
                  + " WHERE ctid = (SELECT ctid FROM k WHERE x = "
                  + random.nextInt(3)
                  + " LIMIT 1)");
    };
  }

  /** Row {@code from} frees its value through a temporary one, row {@code to} takes it. */
  private List<String> handoff(String column, int from, int to) {
    return List.of(
        "UPDATE u SET " + column + " = -" + column + " WHERE id = " + from,
        "UPDATE u SET "
            + column
            + " = (SELECT -"
            + column
            + " FROM u WHERE id = "
            + from
            + ") WHERE id = "
            + to,
        "UPDATE u SET " + column + " = " + value() + " WHERE id = " + from);
  }

  /** Two rows exchange their values in one statement: only a deferrable constraint allows it. */
  private static String swap(String column, int x, int y) {
    return "UPDATE u SET "
        + column
        + " = CASE id WHEN "
        + x
        + " THEN (SELECT "
        + column
        + " FROM u WHERE id = "
        + y
        + ") ELSE (SELECT "
        + column
        + " FROM u WHERE id = "
        + x
        + ") END WHERE id IN ("
        + x
        + ", "
        + y
        + ")";
  }

  private int id() {
    return 1 + random.nextInt(IDS);
  }

  private String value() {
    return random.nextInt(8) == 0 ? "NULL" : Integer.toString(1 + random.nextInt(IDS + 8));
  }

  /** Mostly short; now and then a value large enough to be TOASTed out of line. */
  private String text() {
    if (random.nextInt(6) == 0) {
      return "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 150))";
    }
    return "'t" + random.nextInt(1000) + "'";
  }
}
