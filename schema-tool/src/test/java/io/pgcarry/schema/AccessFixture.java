package io.pgcarry.schema;

import io.pgcarry.common.sql.Identifier;
import io.pgcarry.local.LocalPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Roles, and a source database whose objects have owners and grants, for the tests of carrying
 * owners and privileges (here and in deploy's command-line tests). Roles belong to the whole
 * server, so each test makes its own; {@link #close()} drops what was made, the databases before
 * the roles they use. Not thread-safe; one per test.
 */
public final class AccessFixture implements AutoCloseable {

  private final LocalPostgres source;
  private final LocalPostgres target;
  private final List<Runnable> cleanup = new ArrayList<>();

  public AccessFixture(LocalPostgres source, LocalPostgres target) {
    this.source = source;
    this.target = target;
  }

  /** Creates roles on a server afresh, to be dropped at the end. */
  public void createRoles(LocalPostgres server, String... roles) throws Exception {
    for (String role : roles) {
      Fixtures.execute(server, "postgres", "DROP ROLE IF EXISTS " + quote(role));
      Fixtures.execute(server, "postgres", "CREATE ROLE " + quote(role));
      cleanup.add(
          () -> unchecked(() -> Fixtures.execute(server, "postgres", "DROP ROLE " + quote(role))));
    }
  }

  /**
   * Creates {@code database} on the source afresh: a schema, a table with column grants, its
   * sequence, a function, a view and a type, owned by and granted to the two roles.
   */
  public void loadSource(String database, String ownerName, String readerName) throws Exception {
    drop(source, database);
    Fixtures.execute(source, "postgres", "CREATE DATABASE " + database);
    String owner = quote(ownerName);
    String reader = quote(readerName);
    String script =
        String.join(
            "\n",
            "CREATE SCHEMA sales AUTHORIZATION " + owner + ";",
            "GRANT USAGE ON SCHEMA sales TO " + reader + ";",
            "CREATE TABLE sales.orders (id serial PRIMARY KEY, customer text, total numeric);",
            "ALTER TABLE sales.orders OWNER TO " + owner + ";",
            "GRANT SELECT ON sales.orders TO " + reader + ";",
            "GRANT INSERT, UPDATE ON sales.orders TO " + reader + " WITH GRANT OPTION;",
            "GRANT SELECT (customer), UPDATE (total) ON sales.orders TO PUBLIC;",
            "GRANT USAGE ON SEQUENCE sales.orders_id_seq TO " + reader + ";",
            "CREATE FUNCTION sales.total_of(o sales.orders) RETURNS numeric",
            "  LANGUAGE sql AS 'SELECT o.total';",
            "ALTER FUNCTION sales.total_of(sales.orders) OWNER TO " + owner + ";",
            "REVOKE EXECUTE ON FUNCTION sales.total_of(sales.orders) FROM PUBLIC;",
            "GRANT EXECUTE ON FUNCTION sales.total_of(sales.orders) TO " + reader + ";",
            "CREATE VIEW sales.big_orders AS SELECT id, total FROM sales.orders WHERE total > 100;",
            "ALTER VIEW sales.big_orders OWNER TO " + reader + ";",
            "GRANT SELECT ON sales.big_orders TO " + owner + ";",
            "CREATE TYPE sales.status AS ENUM ('new', 'paid');",
            "ALTER TYPE sales.status OWNER TO " + reader + ";",
            "REVOKE USAGE ON TYPE sales.status FROM PUBLIC;");
    try (Connection connection = source.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(script);
    }
    dropLater(source, database);
  }

  /** Drops a database if it exists; a target database is dropped again at the end. */
  public void drop(LocalPostgres server, String database) throws Exception {
    Fixtures.drop(server, database);
    if (server == target) {
      dropLater(server, database);
    }
  }

  /** Drops a database at the end. */
  public void dropLater(LocalPostgres server, String database) {
    cleanup.add(() -> unchecked(() -> Fixtures.drop(server, database)));
  }

  @Override
  public void close() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).run();
    }
    cleanup.clear();
  }

  private static String quote(String role) {
    return Identifier.quote(role);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void unchecked(Action action) {
    try {
      action.run();
    } catch (Exception e) {
      throw new IllegalStateException("cleanup failed: " + e.getMessage(), e);
    }
  }
}
