package io.pgcarry.common.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.testing.Prepared;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verified chunk table against a real server: made from its definition beside a position table
 * of a hostile name, every statement of it runs, a chunk written twice keeps its first result, and
 * the checksum of rows is the same whatever their order and the session's own settings.
 */
class ChunkResultTableIT {

  private static final String DATABASE = "chunk_result_table_it";
  private static final ChunkResultTable TABLE =
      ChunkResultTable.beside(new TableId("pgcarry \"it\"", "applied position"));

  private static LocalPostgres server;

  @BeforeAll
  static void database() throws SQLException {
    server = TestPostgres.target();
    server.recreateDatabase(DATABASE);
  }

  @Test
  void writesReadsAndForgetsChunksThenDropsTheTable() throws Exception {
    ChunkMarker range =
        new ChunkMarker(
            "run 1",
            1,
            2,
            new TableId("public", "a b"),
            List.of("id"),
            "id",
            new KeyRange(null, 100L),
            new RowChecksum.Result(99, "123"),
            Lsn.parse("0/16B3F20"));
    ChunkMarker whole =
        new ChunkMarker(
            "run 1",
            2,
            2,
            new TableId("public", "keyless"),
            List.of("x"),
            null,
            KeyRange.ALL,
            new RowChecksum.Result(5, "7"),
            Lsn.parse("0/16B4000"));
    try (Connection c = server.connect(DATABASE)) {
      TABLE.create(c);
      TABLE.create(c);
      assertThat(TABLE.exists(c)).isTrue();
      TABLE.write(
          c, "m1", range, new TableId("app", "a b"), new RowChecksum.Result(99, "123"), null);
      TABLE.write(
          c,
          "m1",
          whole,
          new TableId("public", "keyless"),
          new RowChecksum.Result(4, "6"),
          List.of("(1,x): 2 on the source, 1 on the target"));
      TABLE.write(c, "m1", range, new TableId("app", "a b"), new RowChecksum.Result(1, "1"), null);
      TABLE.write(
          c, "m2", range, new TableId("app", "a b"), new RowChecksum.Result(99, "123"), null);

      List<ChunkResultTable.ChunkResult> read = TABLE.read(c, "m1", "run 1");
      assertThat(read).hasSize(2);
      assertThat(read.get(0).marker())
          .isEqualTo(
              new ChunkMarker(
                  "run 1",
                  1,
                  2,
                  new TableId("public", "a b"),
                  List.of(),
                  "id",
                  new KeyRange(null, 100L),
                  new RowChecksum.Result(99, "123"),
                  Lsn.parse("0/16B3F20")));
      assertThat(read.get(0).targetTable()).isEqualTo(new TableId("app", "a b"));
      assertThat(read.get(0).matches()).as("the first result stands").isTrue();
      assertThat(read.get(0).checkedAt()).isNotNull();
      assertThat(read.get(0).differingRows()).as("not inspected").isNull();
      assertThat(read.get(1).marker().range()).isEqualTo(KeyRange.ALL);
      assertThat(read.get(1).matches()).isFalse();
      assertThat(read.get(1).differingRows())
          .containsExactly("(1,x): 2 on the source, 1 on the target");

      TABLE.forget(c, "m1");
      assertThat(TABLE.read(c, "m1", "run 1")).isEmpty();
      assertThat(TABLE.isEmpty(c)).isFalse();
      TABLE.forget(c, "m2");
      assertThat(TABLE.isEmpty(c)).isTrue();
      TABLE.drop(c);
      assertThat(TABLE.exists(c)).isFalse();
    }
  }

  @Test
  void aTableMadeBeforeTheRowsThatDifferWereRecordedGetsTheirColumn() throws Exception {
    ChunkResultTable older = ChunkResultTable.beside(new TableId("older", "positions"));
    try (Connection c = server.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS older CASCADE");
      older.create(c);
      s.execute("ALTER TABLE older.verified_chunk DROP COLUMN differing_rows");
      older.create(c);
      older.create(c);
      ChunkMarker whole =
          new ChunkMarker(
              "run 1",
              1,
              1,
              new TableId("public", "t"),
              List.of("x"),
              null,
              KeyRange.ALL,
              new RowChecksum.Result(1, "1"),
              null);
      older.write(
          c, "m1", whole, new TableId("public", "t"), new RowChecksum.Result(0, "0"), List.of());
      assertThat(older.read(c, "m1", "run 1").get(0).differingRows()).isEmpty();
      s.execute("DROP SCHEMA older CASCADE");
    }
  }

  @Test
  void theChecksumIgnoresRowOrderAndTheSessionsOwnSettings() throws Exception {
    try (Connection c = server.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS rows_a (id int, at timestamptz, f float8, b bytea, i interval)");
      s.execute("CREATE TABLE IF NOT EXISTS rows_b (LIKE rows_a)");
      s.execute("TRUNCATE rows_a, rows_b");
      s.execute(
          "INSERT INTO rows_a SELECT i, '2026-01-01 10:00+02'::timestamptz + i * interval '1 h',"
              + " i / 3.0, decode(md5(i::text), 'hex'), i * interval '1 day'"
              + " FROM generate_series(1, 50) i");
      s.execute("INSERT INTO rows_b SELECT * FROM rows_a ORDER BY id DESC");
      s.execute("INSERT INTO rows_a VALUES (7, NULL, NULL, NULL, NULL)");
      s.execute("INSERT INTO rows_b VALUES (7, NULL, NULL, NULL, NULL)");
      List<String> columns = List.of("id", "at", "f", "b", "i");
      KeyRange range = new KeyRange(5L, 40L);

      RowChecksum.setTextForm(c, false);
      RowChecksum.Result a =
          RowChecksum.compute(c, new TableId("public", "rows_a"), columns, "id", range);
      // Another session's own settings are overridden by the text form.
      s.execute("SET TimeZone = 'Asia/Tokyo'");
      s.execute("SET DateStyle = 'ISO, DMY'");
      s.execute("SET IntervalStyle = 'iso_8601'");
      s.execute("SET extra_float_digits = 0");
      s.execute("SET bytea_output = 'escape'");
      c.setAutoCommit(false);
      RowChecksum.setTextForm(c, true);
      RowChecksum.Result b =
          RowChecksum.compute(c, new TableId("public", "rows_b"), columns, "id", range);
      c.commit();

      assertThat(a.rows()).isEqualTo(36);
      assertThat(b).isEqualTo(a);
      assertThat(value(c, "SHOW TimeZone"))
          .as("SET LOCAL ends with its transaction")
          .isEqualTo("Asia/Tokyo");
    }
  }

  @Test
  void everyStatementNamesOnlyColumnsTheDefinitionCreates() throws Exception {
    ChunkResultTable table = ChunkResultTable.beside(new TableId("pgcarry_prepare", "p"));
    try (Connection c = server.connect(DATABASE)) {
      table.create(c);
      for (String file :
          List.of("write-chunk-result.sql", "read-chunk-results.sql", "forget-chunk-results.sql")) {
        Prepared.check(
            c, SqlResource.load(ChunkResultTable.class, file).format(table.table().quoted()));
      }
    }
  }

  private static String value(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
