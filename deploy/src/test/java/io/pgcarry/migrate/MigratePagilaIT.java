package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.common.testing.Datasets;
import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.precheck.Finding;
import io.pgcarry.precheck.Level;
import io.pgcarry.precheck.Precheck;
import io.pgcarry.precheck.PrecheckReport;
import io.pgcarry.precheck.PrecheckSettings;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Migrates Pagila, a real third-party sample database, through the whole pipeline: schema, snapshot
 * through a real Kafka broker and Connect worker, a scripted change set while streaming, cutover;
 * then compares every table by count and checksum, computed here independently of pgcarry's own
 * verify. Once streaming, the target has every key of the source, the ones pre-data left for the
 * sink to build after the rows included.
 */
class MigratePagilaIT {

  private static final List<String> CHANGES =
      List.of(
          // inserts, one into a partition of the partitioned payment table
          "INSERT INTO actor (first_name, last_name) VALUES ('ADA', 'LOVELACE'), ('ALAN', 'TURING')",
          "INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
              + " VALUES (1, 1, 1, 9.99, '2022-02-15 10:00:00+00')",
          // updates that fire the source's last_update trigger
          "UPDATE customer SET email = lower(email) WHERE customer_id <= 50",
          "UPDATE film SET rental_rate = rental_rate + 1 WHERE film_id % 10 = 0",
          // deletes
          "DELETE FROM payment WHERE payment_id IN (SELECT payment_id FROM payment ORDER BY payment_id LIMIT 20)",
          "DELETE FROM film_actor WHERE film_id = 1",
          // a primary-key change, cascading to film_actor through ON UPDATE CASCADE
          "UPDATE actor SET actor_id = 30001 WHERE actor_id = 2",
          // a delete and re-insert of the same key in one transaction
          "BEGIN; DELETE FROM language WHERE language_id = 6;"
              + " INSERT INTO language (language_id, name) VALUES (6, 'German'); COMMIT");

  @Test
  void migratesPagilaWithChangesWhileStreaming() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    source.recreateDatabase("pagila");
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS pagila_copy WITH (FORCE)");
    }
    source.psqlFile("pagila", Datasets.file("pagila", "pagila-schema.sql"));
    source.psqlFile("pagila", Datasets.file("pagila", "pagila-data.sql"));
    // As an operator would: run the precheck and apply the fix of every error it reports (Pagila
    // has partitions without a key whose replica identity cannot identify rows).
    PrecheckReport precheck =
        new Precheck(
                PgUri.parse(source.uri("pagila")),
                PgUri.parse(target.uri("pagila_copy")),
                table -> true,
                PrecheckSettings.forMigration("pagila_it"))
            .run();
    assertThat(precheck.findings()).anyMatch(f -> f.level() == Level.ERROR);
    try (Connection c = source.connect("pagila");
        Statement s = c.createStatement()) {
      for (Finding finding : precheck.findings()) {
        if (finding.level() == Level.ERROR) {
          s.execute(finding.fixSql().orElseThrow());
        }
      }
    }
    Path workDir = Files.createTempDirectory("pagila-it");
    String sourceUri = source.uri("pagila");
    String targetUri = target.uri("pagila_copy");
    StringWriter output = new StringWriter();
    CompletableFuture<Integer> migrate =
        PgcarryCli.start(
            output,
            "migrate",
            "--source",
            sourceUri,
            "--target",
            targetUri,
            "--name",
            "pagila_it",
            "--work-dir",
            workDir.toString());

    WorkDir dir = new WorkDir(workDir, "pagila_it");
    PgcarryCli.awaitStep(dir, Step.STREAMING, migrate, Duration.ofMinutes(6), output);
    assertThat(output.toString()).contains("deferred (keys built after their tables' rows)");
    assertThat(keys(target, "pagila_copy")).isEqualTo(keys(source, "pagila"));
    try (Connection c = target.connect("pagila_copy")) {
      assertThat(DeferredKeyTable.beside(PositionTable.DEFAULT).read(c, "pagila_it"))
          .as("every key pre-data deferred is built once the full load is done")
          .isEmpty();
    }
    try (Connection c = source.connect("pagila");
        Statement s = c.createStatement()) {
      for (String change : CHANGES) {
        s.execute(change);
      }
    }

    int cutover =
        PgcarryCli.run(output, "cutover", "--name", "pagila_it", "--work-dir", workDir.toString());
    assertThat(cutover).as(output.toString()).isZero();
    assertThat(migrate.get(2, TimeUnit.MINUTES)).as(output.toString()).isZero();

    Map<String, String> expected = TableComparison.fingerprints(source, "pagila");
    Map<String, String> actual = TableComparison.fingerprints(target, "pagila_copy");
    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(actual).isEqualTo(expected);
    assertThat(PgcarryCli.run(output, "verify", "--source", sourceUri, "--target", targetUri))
        .isZero();
    try (Connection c = source.connect("pagila");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the slot is dropped at cutover").isZero();
    }
  }

  /**
   * The keys of a database: its primary keys, unique and exclusion constraints and unique indexes,
   * by table and name, with their definitions, and each table's replica identity.
   */
  private static Map<String, String> keys(LocalPostgres server, String database) throws Exception {
    Map<String, String> keys = new TreeMap<>();
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t.relname || '.' || i.relname, pg_get_indexdef(x.indexrelid)"
                    + " || coalesce(' ' || pg_get_constraintdef(k.oid), '')"
                    + " || CASE WHEN x.indisreplident THEN ' replica identity' ELSE '' END"
                    + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                    + " JOIN pg_class t ON t.oid = x.indrelid"
                    + " LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid"
                    + " AND k.contype IN ('p', 'u', 'x')"
                    + " WHERE t.relnamespace = 'public'::regnamespace"
                    + " AND (x.indisunique OR k.oid IS NOT NULL)"
                    + " UNION ALL SELECT relname, relreplident::text FROM pg_class"
                    + " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')")) {
      while (rs.next()) {
        keys.put(rs.getString(1), rs.getString(2));
      }
    }
    assertThat(keys).isNotEmpty();
    return keys;
  }
}
