package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Post-data builds the non-unique indexes on several connections, each committed on its own: the
 * target ends with the source's indexes (partitioned ones attached, the clustered one marked), and
 * an index that cannot be built fails the phase naming it, leaving the others for a re-run to skip.
 */
class PostDataIndexesIT {

  private static final String SOURCE = "indexes_src";

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
          "CREATE TABLE big (id int PRIMARY KEY, a int, b text, c int, d timestamptz, e jsonb)");
      s.execute("CREATE INDEX big_a_idx ON big (a)");
      s.execute("CREATE INDEX big_b_lower_idx ON big (lower(b))");
      s.execute("CREATE INDEX big_c_idx ON big (c) WHERE c > 10");
      s.execute("CREATE INDEX big_d_idx ON big USING brin (d)");
      s.execute("CREATE INDEX big_a_c_idx ON big (a, c DESC)");
      s.execute("CREATE INDEX big_e_idx ON big USING gin (e)");
      s.execute("ALTER TABLE big CLUSTER ON big_a_c_idx");
      s.execute("COMMENT ON INDEX big_a_idx IS 'by a'");
      s.execute(
          "CREATE TABLE events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at)");
      s.execute(
          "CREATE TABLE events_2025 PARTITION OF events"
              + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
      s.execute(
          "CREATE TABLE events_2026 PARTITION OF events"
              + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      s.execute("CREATE INDEX events_kind_idx ON events (kind)");
    }
  }

  @Test
  void buildsEveryIndexAsTheSourceHasIt() throws Exception {
    String database = "indexes_dst";
    Fixtures.drop(target, database);
    SchemaMigrator migrator = migrator(database);
    migrator.run(Phase.PRE_DATA, false);
    load(database);

    SchemaReport report = migrator.run(Phase.POST_DATA, false);

    assertThat(report.created())
        .contains(
            "INDEX public.big_a_idx",
            "INDEX public.big_b_lower_idx",
            "INDEX public.big_e_idx",
            "INDEX public.events_kind_idx");
    assertThat(indexes(target, database)).isEqualTo(indexes(source, SOURCE));
    assertThat(clustered(database)).isEqualTo("big_a_c_idx");
    assertThat(migrator.run(Phase.POST_DATA, false).created()).isEmpty();
  }

  @Test
  void namesTheIndexThatFailsAndARerunSkipsTheOnesBuilt() throws Exception {
    String database = "indexes_fail";
    Fixtures.drop(target, database);
    SchemaMigrator migrator = migrator(database);
    migrator.run(Phase.PRE_DATA, false);
    load(database);
    // Someone took the name of one index on the target.
    Fixtures.execute(target, database, "CREATE TABLE public.big_c_idx (x int)");

    assertThatThrownBy(() -> migrator.run(Phase.POST_DATA, false))
        .isInstanceOf(SchemaFailure.class)
        .hasMessageContaining("public.big_c_idx")
        .hasMessageContaining("the indexes built before it stay on the target");
    assertThat(indexes(target, database)).doesNotContainKey("big_c_idx");

    Fixtures.execute(target, database, "DROP TABLE public.big_c_idx");
    SchemaReport rerun = migrator.run(Phase.POST_DATA, false);

    assertThat(rerun.created()).contains("INDEX public.big_c_idx");
    assertThat(indexes(target, database)).isEqualTo(indexes(source, SOURCE));
  }

  private static SchemaMigrator migrator(String database) {
    return new SchemaMigrator(
        SchemaOptions.of(PgUri.parse(source.uri(SOURCE)), PgUri.parse(target.uri(database))));
  }

  /** Rows for the builds to read, as the full load leaves them before post-data. */
  private static void load(String database) throws Exception {
    Fixtures.execute(
        target,
        database,
        "INSERT INTO big SELECT i, i % 1000, 'Name ' || i, i % 97, now() - i * interval '1 min',"
            + " jsonb_build_object('k', i % 13) FROM generate_series(1, 50000) i");
    Fixtures.execute(
        target,
        database,
        "INSERT INTO events SELECT i, date '2025-06-01' + (i % 300), 'k' || (i % 7)"
            + " FROM generate_series(1, 20000) i");
  }

  /** Every index of the public schema by name, with its definition. */
  private static java.util.Map<String, String> indexes(LocalPostgres server, String database)
      throws Exception {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  private static String clustered(String database) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = target.connect(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE indisclustered")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    assertThat(names).hasSize(1);
    return names.get(0);
  }
}
