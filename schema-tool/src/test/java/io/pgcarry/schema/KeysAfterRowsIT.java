package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.common.stream.DeferredKeyTable.DeferredKey;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A migration's pre-data leaves the keys of plain tables out and records them, in order, for the
 * sink to build after each table's rows: the recorded statements then create exactly what a
 * pre-data run without deferral creates. A partitioned table keeps its key, and so does a table
 * whose primary key a view needs; a re-run records nothing twice, and after the keys are built
 * records nothing.
 */
class KeysAfterRowsIT {

  private static final String SOURCE = "keys_src";
  private static final String MIGRATION = "keys";
  private static final DeferredKeyTable DEFERRED = DeferredKeyTable.beside(PositionTable.DEFAULT);

  private static LocalPostgres source;
  private static LocalPostgres target;

  @BeforeAll
  static void createSource() throws Exception {
    source = TestPostgres.server("schema-src", 15);
    target = TestPostgres.server("schema-dst", 15);
    source.recreateDatabase(SOURCE);
    try (Connection c = source.connect(SOURCE);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL UNIQUE,"
              + " during tstzrange, EXCLUDE USING gist (during WITH &&))");
      s.execute("CREATE UNIQUE INDEX accounts_lower_email ON accounts (lower(email))");
      s.execute("ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email_key");
      s.execute("ALTER TABLE accounts CLUSTER ON accounts_pkey");
      s.execute("ALTER TABLE accounts ADD CONSTRAINT positive CHECK (id > 0) NOT VALID");
      s.execute("COMMENT ON CONSTRAINT accounts_pkey ON accounts IS 'the key'");
      s.execute("CREATE INDEX accounts_during ON accounts (during)");
      s.execute("CREATE TABLE pairs (a int NOT NULL, b int NOT NULL, note text)");
      s.execute("CREATE UNIQUE INDEX pairs_a_b ON pairs (a, b)");
      s.execute("ALTER TABLE pairs REPLICA IDENTITY USING INDEX pairs_a_b");
      s.execute(
          "CREATE TABLE orders (id int PRIMARY KEY, account int REFERENCES accounts,"
              + " total int, code text UNIQUE)");
      s.execute("CREATE VIEW order_totals AS SELECT id, account, total FROM orders GROUP BY id");
      s.execute(
          "CREATE TABLE events (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
      s.execute(
          "CREATE TABLE events_2025 PARTITION OF events"
              + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
      s.execute("CREATE SCHEMA other");
      s.execute("CREATE TABLE other.\"Mixed Case\" (\"Id\" bigint PRIMARY KEY)");
    }
  }

  @Test
  void leavesPlainTablesKeysOutAndRecordsThemInOrder() throws Exception {
    String deferredDb = "keys_deferred";
    String plainDb = "keys_plain";
    Fixtures.drop(target, deferredDb);
    Fixtures.drop(target, plainDb);
    SchemaMigrator deferring = migrator(deferredDb, true);

    SchemaReport report = deferring.run(Phase.PRE_DATA, false);

    assertThat(report.deferred())
        .containsExactlyInAnyOrder(
            "CONSTRAINT accounts_pkey ON public.accounts",
            "CONSTRAINT accounts_email_key ON public.accounts",
            "CONSTRAINT accounts_during_excl ON public.accounts",
            "INDEX public.accounts_lower_email",
            "REPLICA IDENTITY public.accounts",
            "INDEX public.pairs_a_b",
            "REPLICA IDENTITY public.pairs",
            "CONSTRAINT orders_code_key ON public.orders",
            "CONSTRAINT \"Mixed Case_pkey\" ON other.\"Mixed Case\"");
    assertThat(report.created())
        .contains(
            "CONSTRAINT orders_pkey ON public.orders",
            "CONSTRAINT events_pkey ON public.events",
            "CONSTRAINT positive ON public.accounts")
        .doesNotContainAnyElementsOf(report.deferred());
    assertThat(constraints(target, deferredDb))
        .containsOnlyKeys(
            "orders.orders_pkey",
            "events.events_pkey",
            "events_2025.events_2025_pkey",
            "accounts.positive");
    assertThat(replicaIdentities(target, deferredDb))
        .containsEntry("accounts", "d")
        .containsEntry("pairs", "d");

    List<DeferredKey> keys = recorded(deferredDb);
    assertThat(keys).hasSameSizeAs(report.deferred());
    assertThat(keysOf(keys, "public", "accounts"))
        .extracting(DeferredKey::step)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(keysOf(keys, "public", "accounts").get(4).object())
        .isEqualTo("REPLICA IDENTITY public.accounts");
    assertThat(keysOf(keys, "public", "pairs"))
        .extracting(DeferredKey::object)
        .containsExactly("INDEX public.pairs_a_b", "REPLICA IDENTITY public.pairs");
    assertThat(keysOf(keys, "other", "Mixed Case")).hasSize(1);

    SchemaReport again = deferring.run(Phase.PRE_DATA, false);
    assertThat(again.created()).isEmpty();
    assertThat(again.deferred()).isEqualTo(report.deferred());
    assertThat(recorded(deferredDb)).isEqualTo(keys);

    build(deferredDb, keys);
    migrator(plainDb, false).run(Phase.PRE_DATA, false);
    assertThat(SchemaDump.of(target, deferredDb)).isEqualTo(SchemaDump.of(target, plainDb));

    try (Connection c = target.connect(deferredDb)) {
      DEFERRED.create(c);
    }
    SchemaReport afterBuild = deferring.run(Phase.PRE_DATA, false);
    assertThat(afterBuild.created()).isEmpty();
    assertThat(afterBuild.deferred()).isEmpty();
    assertThat(recorded(deferredDb)).isEmpty();
  }

  @Test
  void aDryRunShowsDeferredKeysCommentedOut() {
    String database = "keys_dry";
    SchemaReport report = migrator(database, true).run(Phase.PRE_DATA, true);

    assertThat(report.script())
        .contains(
            "-- deferred: built after the table's full load, before its changes\n"
                + "-- ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey")
        .contains("\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey");
    assertThat(report.toText()).contains("9 deferred (keys built after their tables' rows)");
  }

  @Test
  void everyObjectsKeysBuiltFromTheirRecordsMatchAPlainPreData() throws Exception {
    String everyObject = "keys_every_src";
    String deferredDb = "keys_every_deferred";
    String plainDb = "keys_every_plain";
    Fixtures.loadEveryObject(source, everyObject);
    Fixtures.drop(target, deferredDb);
    Fixtures.drop(target, plainDb);
    SchemaOptions options =
        SchemaOptions.of(PgUri.parse(source.uri(everyObject)), PgUri.parse(target.uri(deferredDb)));

    SchemaReport report =
        new SchemaMigrator(options.withKeysDeferred(MIGRATION, PositionTable.DEFAULT))
            .run(Phase.PRE_DATA, false);
    new SchemaMigrator(
            SchemaOptions.of(
                PgUri.parse(source.uri(everyObject)), PgUri.parse(target.uri(plainDb))))
        .run(Phase.PRE_DATA, false);

    assertThat(report.deferred()).isNotEmpty();
    build(deferredDb, recorded(deferredDb));
    assertThat(SchemaDump.of(target, deferredDb)).isEqualTo(SchemaDump.of(target, plainDb));
  }

  private static SchemaMigrator migrator(String database, boolean deferKeys) {
    SchemaOptions options =
        SchemaOptions.of(PgUri.parse(source.uri(SOURCE)), PgUri.parse(target.uri(database)));
    return new SchemaMigrator(
        deferKeys ? options.withKeysDeferred(MIGRATION, PositionTable.DEFAULT) : options);
  }

  private static List<DeferredKey> recorded(String database) throws Exception {
    try (Connection c = target.connect(database)) {
      return DEFERRED.read(c, MIGRATION);
    }
  }

  private static List<DeferredKey> keysOf(List<DeferredKey> keys, String schema, String table) {
    return keys.stream().filter(k -> k.table().equals(new TableId(schema, table))).toList();
  }

  /**
   * Builds the recorded keys as the sink does, each table's in one transaction that forgets them,
   * then removes the deferred key table and its schema, so the target compares with one whose keys
   * were created in pre-data.
   */
  private static void build(String database, List<DeferredKey> keys) throws Exception {
    try (Connection c = target.connect(database)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET search_path = ''");
        for (DeferredKey key : keys) {
          for (String sql : key.statements()) {
            s.execute(sql);
          }
          DEFERRED.built(c, MIGRATION, key.table());
        }
        c.commit();
        assertThat(DEFERRED.isEmpty(c)).isTrue();
        c.setAutoCommit(true);
        s.execute("DROP SCHEMA " + PositionTable.DEFAULT.schema() + " CASCADE");
      }
    }
  }

  /** The constraints of the public schema, as {@code table.constraint}, with their definitions. */
  private static Map<String, String> constraints(LocalPostgres server, String database)
      throws Exception {
    return query(
        server,
        database,
        "SELECT t.relname || '.' || c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c"
            + " JOIN pg_class t ON t.oid = c.conrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " WHERE n.nspname IN ('public', 'other') AND c.contype <> 'f'");
  }

  private static Map<String, String> replicaIdentities(LocalPostgres server, String database)
      throws Exception {
    return query(
        server,
        database,
        "SELECT relname, relreplident::text FROM pg_class"
            + " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'");
  }

  private static Map<String, String> query(LocalPostgres server, String database, String sql)
      throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
