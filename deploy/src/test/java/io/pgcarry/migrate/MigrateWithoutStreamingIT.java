package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.state.MigrationSummary;
import io.pgcarry.migrate.state.WorkDir;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@code migrate --no-streaming}: schema, full load, post-data, sequences and verify, then exit 0
 * with the summary; the slot is gone as soon as the load is on the target, before post-data, and
 * the keys the sink built after the rows are there; cleanup leaves no pgcarry schema behind.
 */
class MigrateWithoutStreamingIT {

  private static final String NAME = "snapshot_only";

  @Test
  void copiesTheSnapshotDropsTheSlotAtOnceAndEndsVerified() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    source.recreateDatabase(NAME);
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + NAME + "_copy WITH (FORCE)");
    }
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE owner (id serial PRIMARY KEY, name text)");
      s.execute("CREATE TABLE pet (id int PRIMARY KEY, owner_id int REFERENCES owner, kind text)");
      s.execute("CREATE INDEX pet_kind ON pet (kind)");
      s.execute("CREATE MATERIALIZED VIEW kinds AS SELECT kind, count(*) FROM pet GROUP BY kind");
      s.execute("INSERT INTO owner (name) SELECT 'owner ' || g FROM generate_series(1, 300) g");
      s.execute(
          "INSERT INTO pet SELECT g, 1 + g % 300, 'kind ' || g % 5 FROM generate_series(1, 3000) g");
    }
    Path workDir = Files.createTempDirectory("no-streaming-it");
    StringWriter output = new StringWriter();

    int code =
        PgcarryCli.run(
            output,
            "migrate",
            "--source",
            source.uri(NAME),
            "--target",
            target.uri(NAME + "_copy"),
            "--no-streaming",
            "--work-dir",
            workDir.toString());

    String out = output.toString();
    assertThat(code).as(out).isZero();
    assertThat(out).contains("migration complete:").contains("2 tables equal");
    assertThat(out.indexOf("slot pgcarry_snapshot_only and publication dropped"))
        .as("the slot is dropped when the load is on the target, before post-data")
        .isPositive()
        .isLessThan(out.indexOf("[schema-post-data]"));
    MigrationSummary summary = new WorkDir(workDir, NAME).readSummary().orElseThrow();
    assertThat(summary.steps())
        .extracting(MigrationSummary.StepTime::step)
        .containsExactly(
            "precheck", "schema-pre-data", "full-load", "schema-post-data", "finish", "verify");
    assertThat(value(target, "SELECT last_value FROM owner_id_seq")).isEqualTo("300");
    assertThat(value(target, "SELECT sum(count) FROM kinds")).isEqualTo("3000");
    assertThat(
            value(target, "SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f'"))
        .isEqualTo("t");
    assertThat(
            value(
                target,
                "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint"
                    + " WHERE contype = 'p' AND connamespace = 'public'::regnamespace"))
        .as("the primary keys pre-data left for the sink to build after the rows")
        .isEqualTo("owner_pkey,pet_pkey");
    assertThat(value(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry'"))
        .isEqualTo("0");
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM pg_replication_slots WHERE database ="
                    + " current_database()), (SELECT count(*) FROM pg_publication)")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
      assertThat(rs.getInt(2)).isZero();
    }
  }

  private static String value(LocalPostgres server, String sql) throws Exception {
    try (Connection c = server.connect(NAME + "_copy");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
