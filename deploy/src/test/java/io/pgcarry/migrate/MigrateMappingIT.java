package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pagila migrated under a mapping that renames a schema, two tables and three columns and leaves a
 * column out ({@code mapping/pagila.yaml}), through a real broker and Connect worker, with changes
 * to renamed and left-out columns while streaming. The target is compared with the source by
 * pgcarry's mapping-aware verify and by a query of this test that projects and renames the source
 * rows itself; status follows the renamed tables, cutover copies the sequences under the new schema
 * and leaves no bookkeeping behind.
 */
class MigrateMappingIT {

  private static final String NAME = "pagila_mapped";

  /** The test's own reading of mapping/pagila.yaml. */
  private static final Map<String, String> TABLES =
      Map.of("actor", "performer", "customer", "client");

  private static final Map<String, String> COLUMNS =
      Map.of(
          "customer.email", "mail",
          "customer.create_date", "created_on",
          "film.replacement_cost", "replacement_price");

  private static final Set<String> LEFT_OUT = Set.of("film.special_features");

  private static final List<String> CHANGES =
      List.of(
          "INSERT INTO actor (first_name, last_name) VALUES ('ADA', 'LOVELACE'), ('ALAN', 'TURING')",
          "INSERT INTO customer (store_id, first_name, last_name, email, address_id)"
              + " VALUES (1, 'GRACE', 'HOPPER', 'grace@example.org', 1)",
          "UPDATE customer SET email = lower(email), create_date = create_date + 1"
              + " WHERE customer_id <= 50",
          "UPDATE film SET replacement_cost = replacement_cost + 1,"
              + " special_features = '{Trailers}' WHERE film_id % 10 = 0",
          "UPDATE film SET special_features = NULL WHERE film_id = 7",
          "DELETE FROM film_actor WHERE film_id = 1",
          "UPDATE actor SET actor_id = 30001 WHERE actor_id = 2",
          "DELETE FROM payment WHERE payment_id IN"
              + " (SELECT payment_id FROM payment ORDER BY payment_id LIMIT 20)",
          "BEGIN; DELETE FROM customer WHERE customer_id = 599 AND NOT EXISTS"
              + " (SELECT 1 FROM rental WHERE customer_id = 599); COMMIT");

  @Test
  void migratesPagilaUnderRenamesAndAColumnSubsetWithChangesWhileStreaming() throws Exception {
    LocalPostgres source = TestPostgres.source();
    LocalPostgres target = TestPostgres.target();
    loadPagila(source, target);
    Path mapping = Path.of(getClass().getResource("/mapping/pagila.yaml").toURI());
    Path workDir = Files.createTempDirectory("mapping-it");
    String sourceUri = source.uri(NAME);
    String targetUri = target.uri(NAME + "_copy");
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
            NAME,
            "--mapping",
            mapping.toString(),
            "--work-dir",
            workDir.toString());
    WorkDir dir = new WorkDir(workDir, NAME);
    PgcarryCli.awaitStep(dir, Step.STREAMING, migrate, Duration.ofMinutes(6), output);
    assertThat(dir.readStatus().orElseThrow().tables())
        .as("the full load's progress is found under the target names")
        .filteredOn(t -> t.table().equals("public.customer"))
        .singleElement()
        .satisfies(t -> assertThat(t.complete()).isTrue())
        .satisfies(t -> assertThat(t.targetRows()).isEqualTo(599));

    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      for (String change : CHANGES) {
        s.execute(change);
      }
    }
    assertThat(PgcarryCli.run(output, "cutover", "--name", NAME, "--work-dir", workDir.toString()))
        .as(output.toString())
        .isZero();
    assertThat(migrate.get(2, TimeUnit.MINUTES)).as(output.toString()).isZero();

    Map<String, Map<String, String>> fingerprints = fingerprints(source, target);
    assertThat(fingerprints.get("source")).hasSizeGreaterThan(20).containsKey("dvd.performer");
    assertThat(fingerprints.get("target")).isEqualTo(fingerprints.get("source"));
    StringWriter verify = new StringWriter();
    assertThat(
            PgcarryCli.run(
                verify,
                "verify",
                "--source",
                sourceUri,
                "--target",
                targetUri,
                "--mapping",
                mapping.toString()))
        .as(verify.toString())
        .isZero();
    assertThat(verify.toString()).contains("public.actor -> dvd.performer");
    assertTargetFinished(source, target);
  }

  /** Sequences under the new schema, no pgcarry schema, no slot on the source. */
  private static void assertTargetFinished(LocalPostgres source, LocalPostgres target)
      throws Exception {
    assertThat(value(target, NAME + "_copy", "SELECT last_value FROM dvd.actor_actor_id_seq"))
        .isEqualTo(value(source, NAME, "SELECT last_value FROM public.actor_actor_id_seq"));
    assertThat(
            value(
                target,
                NAME + "_copy",
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry'"))
        .as("the target keeps no bookkeeping")
        .isEqualTo("0");
    assertThat(
            value(
                source,
                NAME,
                "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"))
        .isEqualTo("0");
  }

  private static void loadPagila(LocalPostgres source, LocalPostgres target) throws Exception {
    source.recreateDatabase(NAME);
    try (Connection c = target.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + NAME + "_copy WITH (FORCE)");
    }
    source.psqlFile(NAME, Datasets.file("pagila", "pagila-schema.sql"));
    source.psqlFile(NAME, Datasets.file("pagila", "pagila-data.sql"));
    // As an operator would: apply the fix of every error the precheck reports (Pagila has
    // partitions without a key whose replica identity cannot identify rows).
    PrecheckReport precheck =
        new Precheck(
                PgUri.parse(source.uri(NAME)),
                PgUri.parse(target.uri(NAME + "_copy")),
                table -> true,
                PrecheckSettings.forMigration(NAME))
            .run();
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement()) {
      for (Finding finding : precheck.findings()) {
        if (finding.level() == Level.ERROR) {
          s.execute(finding.fixSql().orElseThrow());
        }
      }
    }
  }

  /**
   * Per table under its target name, on both sides: row count and an md5 over the sorted md5s of
   * every row's carried columns. The columns come from the source's catalog, the left-out one
   * dropped; the target's are named as the mapping renames them, so a column under another name
   * fails the query.
   */
  private static Map<String, Map<String, String>> fingerprints(
      LocalPostgres source, LocalPostgres target) throws Exception {
    Map<String, String> sourceSide = new TreeMap<>();
    Map<String, String> targetSide = new TreeMap<>();
    try (Connection c = source.connect(NAME);
        Statement s = c.createStatement();
        Connection t = target.connect(NAME + "_copy");
        Statement ts = t.createStatement()) {
      TableComparison.settle(c);
      TableComparison.settle(t);
      for (String[] table : tables(s, "public")) {
        List<String> sourceColumns = new ArrayList<>();
        List<String> targetColumns = new ArrayList<>();
        for (String column : columns(s, table[0], table[1])) {
          String key = table[1] + "." + column;
          if (!LEFT_OUT.contains(key)) {
            sourceColumns.add(quote(column));
            targetColumns.add(quote(COLUMNS.getOrDefault(key, column)));
          }
        }
        String name = "dvd." + TABLES.getOrDefault(table[1], table[1]);
        sourceSide.put(
            name, TableComparison.fingerprint(s, "public." + quote(table[1]), sourceColumns));
        targetSide.put(
            name,
            TableComparison.fingerprint(
                ts, "dvd." + quote(TABLES.getOrDefault(table[1], table[1])), targetColumns));
      }
    }
    return Map.of("source", sourceSide, "target", targetSide);
  }

  private static List<String[]> tables(Statement s, String schema) throws Exception {
    List<String[]> tables = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE c.relkind = 'r' AND n.nspname = '"
                + schema
                + "' ORDER BY 2")) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return tables;
  }

  private static List<String> columns(Statement s, String schema, String table) throws Exception {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT attname FROM pg_attribute WHERE attrelid = '"
                + quote(schema)
                + "."
                + quote(table)
                + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String value(LocalPostgres server, String database, String sql) throws Exception {
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
