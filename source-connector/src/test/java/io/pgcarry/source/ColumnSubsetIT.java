package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.source.testing.TaskHarness;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * A column left out by {@code column.exclude.list} is read neither by the full load nor by the
 * stream. On PostgreSQL 15 a keyed table is published with a column list, so the column's values
 * never leave the server; a table with REPLICA IDENTITY FULL is published whole (a column list
 * would make the application's UPDATEs fail) and the connector drops the column.
 */
class ColumnSubsetIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void leavesExcludedColumnsOutOfTheFullLoadTheStreamAndThePublication() throws Exception {
    LocalPostgres source = TestPostgres.source();
    source.recreateDatabase("subset");
    try (Connection c = source.connect("subset");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE keyed (id int PRIMARY KEY, keep text, secret text)");
      s.execute("CREATE TABLE loose (keep text, secret text)");
      s.execute("ALTER TABLE loose REPLICA IDENTITY FULL");
      s.execute("INSERT INTO keyed VALUES (1, 'a', 's1'), (2, 'b', 's2')");
      s.execute("INSERT INTO loose VALUES ('x', 's3')");
    }
    Map<String, String> config = TaskHarness.settings(source, "subset", "subset");
    config.put("column.exclude.list", "public\\.keyed\\.secret,public\\.loose\\.secret");
    try (TaskHarness task = TaskHarness.start(config);
        Connection c = source.connect("subset");
        Statement s = c.createStatement()) {
      List<SourceRecord> load =
          task.pollUntil(r -> count(r, StreamHeaders.KIND_SNAPSHOT_END) == 2, TIMEOUT);
      for (SourceRecord copy : ofKind(load, StreamHeaders.KIND_COPY)) {
        assertThat(header(copy, StreamHeaders.COLUMNS)).doesNotContain("secret");
        assertThat(new String((byte[]) copy.value(), StandardCharsets.UTF_8)).doesNotContain("s");
      }
      assertThat(publishedColumns(s, "keyed")).isEqualTo("{id,keep}");
      assertThat(publishedColumns(s, "loose")).isEqualTo("{keep,secret}");

      s.execute("INSERT INTO keyed VALUES (3, 'c', 's4')");
      s.execute("UPDATE keyed SET secret = 's5', keep = 'cc' WHERE id = 3");
      s.execute("UPDATE loose SET secret = 's6', keep = 'y'");
      s.execute("DELETE FROM keyed WHERE id = 1");
      List<SourceRecord> changes =
          task.pollUntil(r -> r.stream().filter(ColumnSubsetIT::isChange).count() == 4, TIMEOUT);

      List<Struct> events =
          changes.stream().filter(ColumnSubsetIT::isChange).map(r -> (Struct) r.value()).toList();
      for (Struct event : events) {
        for (String image : List.of("before", "after")) {
          Struct row = event.getStruct(image);
          if (row != null) {
            assertThat(row.schema().fields()).extracting(Field::name).doesNotContain("secret");
          }
        }
      }
      assertThat(events.get(1).getStruct("after").get("keep")).isEqualTo("cc");
      assertThat(events.get(2).getStruct("before").get("keep")).isEqualTo("x");
      assertThat(events.get(3).getString("op")).isEqualTo("d");
    }
  }

  private static String publishedColumns(Statement s, String table) throws Exception {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT attnames::text FROM pg_publication_tables"
                + " WHERE pubname = 'subset' AND tablename = '"
                + table
                + "'")) {
      assertThat(rs.next()).as("table " + table + " is published").isTrue();
      return rs.getString(1);
    }
  }

  private static boolean isChange(SourceRecord r) {
    return header(r, StreamHeaders.TX_FIRST) != null;
  }

  private static List<SourceRecord> ofKind(List<SourceRecord> records, String kind) {
    return records.stream().filter(r -> kind.equals(header(r, StreamHeaders.KIND))).toList();
  }

  private static long count(List<SourceRecord> records, String kind) {
    return ofKind(records, kind).size();
  }

  private static String header(SourceRecord record, String name) {
    return FullLoadIT.header(record, name);
  }
}
