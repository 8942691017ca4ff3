package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.sink.testing.FullLoadRecords;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.TargetDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Full-load records (COPY text from the real {@code COPY … TO STDOUT} of a source table) through
 * {@code put()}: values COPY text makes awkward arrive exactly; a snapshot started again with a new
 * id replaces the rows of the earlier one; an empty table is emptied; a restart in the middle of a
 * load neither duplicates nor loses rows; a total that does not match stops the task.
 */
class FullLoadIT {

  private static final String DDL =
      "CREATE TABLE awkward (id int PRIMARY KEY, t text, b bytea, a text[], j jsonb, n numeric,"
          + " ts timestamptz, \"We\"\"ird col\" text);"
          + "CREATE TABLE dup (x int, y text);"
          + "CREATE TABLE empty_t (id int)";
  private static final List<String> AWKWARD_COLUMNS =
      List.of("id", "t", "b", "a", "j", "n", "ts", "We\"ird col");
  private static final String SNAPSHOT_A = "0/3000028";
  private static final String SNAPSHOT_B = "0/5000060";

  private final LocalPostgres sourceServer = TestPostgres.source();
  private TargetDatabase db;
  private Connection source;
  private PgcarrySinkTask task;
  private final FullLoadRecords records = new FullLoadRecords();

  @BeforeEach
  void createDatabases(TestInfo info) throws Exception {
    String name = info.getTestMethod().orElseThrow().getName();
    db = TargetDatabase.create(name);
    db.execute(DDL);
    String sourceName = "fl_" + Integer.toHexString(name.hashCode() & 0xffffff);
    sourceServer.recreateDatabase(sourceName);
    source = sourceServer.connect(sourceName);
    try (Statement s = source.createStatement()) {
      s.execute(DDL);
      s.execute(
          "INSERT INTO awkward VALUES"
              + " (1, E'tab\\there', '\\x00ff5c0a0d'::bytea, ARRAY['a,b', 'c\"d', NULL, 'e\\\\f'],"
              + " '{\"k\": \"v\\n\\t\\\\\"}', 'NaN', 'infinity', E'back\\\\slash'),"
              + " (2, E'new\\nline\\r\\nCRLF', '', '{}', 'null', '-0.000001',"
              + " '2024-02-29 01:02:03.5+05:30', ''),"
              + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
              + " (4, 'ünïcödé 日本語 😀', '\\x5c4e', ARRAY['\\N', ''], '[1, 2.50]',"
              + " '123456789012345678901234567890.1', '0044-03-15 12:00:00 BC', E'\\\\N'),"
              + " (5, E'\\\\.', '\\x2e', ARRAY[E'\\\\.'], '\"\\\\\\\\.\"', '-Infinity',"
              + " '-infinity', E'\\\\.\\n\\\\.')");
      s.execute(
          "INSERT INTO awkward (id, t, a) SELECT g, md5(g::text) || E'\\t' || g, ARRAY[g::text]"
              + " FROM generate_series(6, 500) g");
      s.execute("INSERT INTO dup SELECT 1, 'same' FROM generate_series(1, 50)");
    }
  }

  @AfterEach
  void close() throws Exception {
    if (task != null) {
      task.stop();
    }
    source.close();
  }

  @Test
  void loadsCopyRecordsOfAwkwardValuesExactlyAndRecordsTheProgress() throws Exception {
    task = start();
    List<SinkRecord> all = snapshot(SNAPSHOT_A);

    for (int i = 0; i < all.size(); i += 7) {
      task.put(all.subList(i, Math.min(all.size(), i + 7)));
    }

    assertSameAsSource("awkward", "dup", "empty_t");
    assertThat(
            db.rows(
                "SELECT t, b::text, a::text, j::text, \"We\"\"ird col\" FROM awkward"
                    + " WHERE id IN (1, 2, 4) ORDER BY id"))
        .containsExactly(
            List.of(
                "tab\there",
                "\\x00ff5c0a0d",
                "{\"a,b\",\"c\\\"d\",NULL,\"e\\\\\\\\f\"}",
                "{\"k\": \"v\\n\\t\\\\\"}",
                "back\\slash"),
            List.of("new\nline\r\nCRLF", "\\x", "{}", "null", ""),
            List.of("ünïcödé 日本語 😀", "\\x5c4e", "{\"\\\\N\",\"\"}", "[1, 2.50]", "\\N"));
    assertThat(
            db.rows(
                "SELECT snapshot_table, snapshot::text, snapshot_rows, snapshot_complete"
                    + " FROM pgcarry.applied_position ORDER BY snapshot_table"))
        .containsExactly(
            List.of("awkward", SNAPSHOT_A, "500", "t"),
            List.of("dup", SNAPSHOT_A, "50", "t"),
            List.of("empty_t", SNAPSHOT_A, "0", "t"));
  }

  @Test
  void replacesTheRowsOfASnapshotThatIsStartedAgainWithANewId() throws Exception {
    task = start();
    List<SinkRecord> first = snapshot(SNAPSHOT_A);
    // The first full load stops half way through, with some rows of every table loaded.
    task.put(first.subList(0, first.size() / 2));
    try (Statement s = source.createStatement()) {
      s.execute("DELETE FROM awkward WHERE id % 3 = 0");
      s.execute("DELETE FROM dup WHERE ctid IN (SELECT ctid FROM dup LIMIT 7)");
      s.execute("INSERT INTO empty_t VALUES (1), (1)");
    }

    task.put(snapshot(SNAPSHOT_B));

    assertSameAsSource("awkward", "dup", "empty_t");
    assertThat(db.count("dup")).isEqualTo(43);
  }

  @Test
  void emptiesATableWhoseNewSnapshotHasOnlyItsEnd() throws Exception {
    task = start();
    task.put(snapshot(SNAPSHOT_A));
    try (Statement s = source.createStatement()) {
      s.execute("TRUNCATE dup");
    }

    task.put(List.of(records.end("public", "dup", SNAPSHOT_B, 0)));

    assertThat(db.count("dup")).isZero();
    assertThat(
            db.value(
                "SELECT snapshot::text || ' ' || snapshot_rows || ' ' || snapshot_complete"
                    + " FROM pgcarry.applied_position WHERE snapshot_table = 'dup'"))
        .isEqualTo(SNAPSHOT_B + " 0 true");
  }

  @Test
  void resumesALoadAfterARestartWithoutDuplicatingRows() throws Exception {
    List<SinkRecord> all = snapshot(SNAPSHOT_A);
    task = start();
    task.put(all.subList(0, all.size() / 3));
    // Killed before Kafka's offsets were committed; Kafka redelivers everything.
    task.stop();
    task = start();

    task.put(all);

    assertSameAsSource("awkward", "dup", "empty_t");
  }

  @Test
  void stopsWhenTheRowsLoadedAreNotTheSourceTotal() throws Exception {
    task = start();
    List<SinkRecord> dup =
        records.table(source, "public", "dup", List.of("x", "y"), SNAPSHOT_A, 20);
    List<SinkRecord> withoutTheLastChunk = new ArrayList<>(dup.subList(0, dup.size() - 2));
    withoutTheLastChunk.add(dup.get(dup.size() - 1));

    assertThatThrownBy(() -> task.put(withoutTheLastChunk))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("public.dup")
        .hasMessageContaining("40 rows loaded")
        .hasMessageContaining("source counted 50");
    assertThat(db.count("dup")).isZero();
  }

  private List<SinkRecord> snapshot(String id) throws Exception {
    List<SinkRecord> all = new ArrayList<>();
    all.addAll(records.table(source, "public", "awkward", AWKWARD_COLUMNS, id, 37));
    all.addAll(records.table(source, "public", "dup", List.of("x", "y"), id, 20));
    all.addAll(records.table(source, "public", "empty_t", List.of("id"), id, 20));
    return all;
  }

  private PgcarrySinkTask start() {
    return db.startTask(
        db.sinkConfig("m1"),
        new RecordingContext(false),
        FullLoadRecords.topic("public", "awkward"),
        FullLoadRecords.topic("public", "dup"),
        FullLoadRecords.topic("public", "empty_t"));
  }

  private void assertSameAsSource(String... tables) throws Exception {
    for (String table : tables) {
      String checksum =
          "SELECT count(*) || ' ' || coalesce(md5(string_agg(md5(x::text), ',' ORDER BY"
              + " md5(x::text))), '-') FROM "
              + table
              + " x";
      assertThat(db.value(checksum)).as(table).isEqualTo(value(source, checksum));
    }
  }

  private static String value(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
