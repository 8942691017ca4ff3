package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourcePipeline;
import io.pgcarry.sink.testing.TargetDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Change events made by the real source connector: unchanged TOAST values under REPLICA IDENTITY
 * DEFAULT, a table without key under REPLICA IDENTITY FULL, truncate, and a key change.
 */
class RealSourceIT {

  private static final String DDL =
      "CREATE TABLE docs (id int PRIMARY KEY, title text, body text, blob bytea, doc jsonb,"
          + " nums int[], tags text[]);"
          + "CREATE TABLE dupes (kind text, n int);"
          + "CREATE TABLE gone (id int PRIMARY KEY)";

  @Test
  void appliesToastKeylessTruncateAndKeyChangeEventsFromTheRealSource() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("realsource");
    TargetDatabase target = TargetDatabase.create("realsource");
    target.execute(DDL);
    try (Connection c = source.connect("realsource");
        Statement s = c.createStatement()) {
      s.execute(DDL);
      s.execute("ALTER TABLE dupes REPLICA IDENTITY FULL");
      // Values far beyond the TOAST threshold, random so that compression cannot inline them.
      s.execute(
          "INSERT INTO docs SELECT 1, 't', b, convert_to(b, 'UTF8'), jsonb_build_object('k', b),"
              + " (SELECT array_agg(g) FROM generate_series(1, 20000) g), ARRAY[b]"
              + " FROM (SELECT string_agg(md5(random()::text), '') AS b"
              + " FROM generate_series(1, 2000)) x");
      s.execute("INSERT INTO dupes SELECT 'same', 1 FROM generate_series(1, 8)");
      s.execute("INSERT INTO gone SELECT generate_series(1, 10)");
    }
    try (SourcePipeline pipeline =
        SourcePipeline.start(
            source,
            "realsource",
            "realsource",
            Map.of("table.include.list", "public.docs,public.dupes,public.gone"))) {
      PgcarrySinkTask task =
          target.startTask(
              new RecordingContext(false),
              "pgcarry.public.docs",
              "pgcarry.public.dupes",
              "pgcarry.public.gone");
      try {
        task.put(pipeline.pollFullLoad(3, 19, Duration.ofSeconds(60)));
        try (Connection c = source.connect("realsource");
            Statement s = c.createStatement()) {
          s.execute("UPDATE docs SET title = 'new title'");
          s.execute("UPDATE docs SET id = 2");
          s.execute("DELETE FROM dupes WHERE ctid = (SELECT min(ctid) FROM dupes)");
          s.execute("UPDATE dupes SET n = 2 WHERE ctid = (SELECT min(ctid) FROM dupes)");
          s.execute("TRUNCATE gone");
          s.execute("INSERT INTO gone VALUES (42)");
        }
        task.put(pipeline.pollUntil(r -> changes(r) >= 7, Duration.ofSeconds(60)));
      } finally {
        task.stop();
      }
    }

    String compare =
        "SELECT id, title, md5(body), md5(blob), md5(doc::text), md5(nums::text), md5(tags::text)"
            + " FROM docs";
    List<List<String>> expected;
    try (Connection c = source.connect("realsource")) {
      expected = rows(c, compare);
    }
    assertThat(target.rows(compare)).isEqualTo(expected);
    assertThat(target.rows("SELECT title FROM docs")).containsExactly(List.of("new title"));
    assertThat(target.rows("SELECT n, count(*) FROM dupes GROUP BY n ORDER BY n"))
        .containsExactly(List.of("1", "6"), List.of("2", "1"));
    assertThat(target.rows("SELECT id FROM gone")).containsExactly(List.of("42"));
  }

  private static long changes(List<SinkRecord> records) {
    return records.stream().filter(r -> SourcePipeline.changeEvent(r) != null).count();
  }

  private static List<List<String>> rows(Connection c, String sql) throws Exception {
    List<List<String>> rows = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new java.util.ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
