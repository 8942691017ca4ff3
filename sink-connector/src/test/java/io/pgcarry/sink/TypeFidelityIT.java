package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.sink.testing.RecordingContext;
import io.pgcarry.sink.testing.SourcePipeline;
import io.pgcarry.sink.testing.TargetDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Every built-in type family through the real source connector, JSON through "Kafka", and the sink:
 * after the snapshot and after changes made while streaming, each row on the target has the same
 * text as on the source ({@code md5(row::text)}), column by column.
 */
class TypeFidelityIT {

  /** Column name, type, and values as SQL literals; row i takes value i modulo their number. */
  private record TypeCase(String column, String type, List<String> values) {}

  private static final List<String> SETUP =
      List.of(
          "CREATE EXTENSION hstore",
          "CREATE EXTENSION citext",
          "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
          "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
          "CREATE TYPE pair AS (x integer, y text)");

  /**
   * Defaults of some columns: a NULL streamed into such a column stays NULL (JsonConverter's
   * default would write the column's default in its place).
   */
  private static final List<String> DEFAULTS =
      List.of(
          "ALTER TABLE fidelity ALTER COLUMN c_text SET DEFAULT 'a default'",
          "ALTER TABLE fidelity ALTER COLUMN c_int4 SET DEFAULT 42",
          "ALTER TABLE fidelity ALTER COLUMN c_bool SET DEFAULT true",
          "ALTER TABLE fidelity ALTER COLUMN c_bytea SET DEFAULT '\\x01'");

  private static final List<TypeCase> CASES =
      List.of(
          new TypeCase("c_int2", "smallint", List.of("-32768", "32767")),
          new TypeCase("c_int4", "integer", List.of("-2147483648", "2147483647")),
          new TypeCase("c_int8", "bigint", List.of("-9223372036854775808", "9223372036854775807")),
          new TypeCase(
              "c_numeric",
              "numeric",
              List.of(
                  "'NaN'",
                  "'Infinity'",
                  "'-Infinity'",
                  "123456789012345678901234567890.123456789",
                  "-0.000001")),
          new TypeCase("c_numeric_s", "numeric(10,2)", List.of("12.30", "-99999999.99")),
          new TypeCase("c_real", "real", List.of("'NaN'", "'Infinity'", "1.17549e-38", "0.1")),
          new TypeCase(
              "c_double",
              "double precision",
              List.of("'-Infinity'", "1.7976931348623157e+308", "0.1", "'NaN'")),
          new TypeCase("c_money", "money", List.of("12.34", "-92233720368547758.08")),
          new TypeCase("c_text", "text", List.of("'a''b \\ \"c\"'", "'ü €'", "''")),
          new TypeCase("c_varchar", "varchar(10)", List.of("'abc'", "'  x  '")),
          new TypeCase("c_char", "char(5)", List.of("'ab'", "'abcde'")),
          new TypeCase("c_bytea", "bytea", List.of("'\\x00ff10'", "''")),
          new TypeCase("c_bool", "boolean", List.of("true", "false")),
          new TypeCase(
              "c_date",
              "date",
              List.of("'infinity'", "'-infinity'", "'4713-01-01 BC'", "'2024-02-29'")),
          new TypeCase("c_time", "time", List.of("'24:00:00'", "'00:00:00.000001'", "'13:14:15'")),
          new TypeCase("c_time3", "time(3)", List.of("'01:02:03.456'")),
          new TypeCase("c_timetz", "timetz", List.of("'12:34:56.789+05:30'", "'00:00:00-12'")),
          new TypeCase(
              "c_timestamp",
              "timestamp",
              List.of(
                  "'infinity'",
                  "'0044-03-15 12:00:00 BC'",
                  "'294276-12-31 23:59:59.999999'",
                  "'2024-02-29 01:02:03.5'",
                  "'-infinity'")),
          new TypeCase(
              "c_timestamptz",
              "timestamptz",
              List.of(
                  "'-infinity'",
                  "'2024-01-01 00:00:00.123456+00'",
                  "'1900-06-01 12:00+03'",
                  "'infinity'",
                  "'0044-03-15 12:00:00+00 BC'")),
          new TypeCase(
              "c_interval",
              "interval",
              List.of("'1 year 2 months 3 days 04:05:06.789'", "'-1 mon'", "'1000000 hours'")),
          new TypeCase("c_uuid", "uuid", List.of("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'")),
          new TypeCase("c_json", "json", List.of("'{\"b\": 1,  \"a\": [1, 2]}'", "'[]'")),
          new TypeCase("c_jsonb", "jsonb", List.of("'{\"b\": 1, \"a\": [1, 2.50]}'", "'\"s\"'")),
          new TypeCase("c_xml", "xml", List.of("'<a x=\"1\">t</a>'")),
          new TypeCase("c_inet", "inet", List.of("'192.168.0.1/24'", "'::1'")),
          new TypeCase("c_cidr", "cidr", List.of("'10.0.0.0/8'")),
          new TypeCase("c_macaddr", "macaddr", List.of("'08:00:2b:01:02:03'")),
          new TypeCase("c_macaddr8", "macaddr8", List.of("'08:00:2b:01:02:03:04:05'")),
          new TypeCase("c_bit", "bit(3)", List.of("B'101'", "B'001'")),
          new TypeCase("c_bit1", "bit(1)", List.of("B'1'", "B'0'")),
          new TypeCase("c_varbit", "varbit", List.of("B'1101011'", "B''")),
          new TypeCase("c_point", "point", List.of("'(1.5,-2)'")),
          new TypeCase("c_line", "line", List.of("'{1,2,3}'")),
          new TypeCase("c_lseg", "lseg", List.of("'[(0,0),(1,1)]'")),
          new TypeCase("c_box", "box", List.of("'(1,1),(0,0)'")),
          new TypeCase("c_path", "path", List.of("'[(0,0),(1,1),(2,0)]'")),
          new TypeCase("c_polygon", "polygon", List.of("'((0,0),(1,1),(1,0))'")),
          new TypeCase("c_circle", "circle", List.of("'<(1,1),2>'")),
          new TypeCase("c_tsvector", "tsvector", List.of("'a fat cat:3'")),
          new TypeCase("c_tsquery", "tsquery", List.of("'fat & !rat'")),
          new TypeCase("c_int4range", "int4range", List.of("'[1,5)'", "'empty'")),
          new TypeCase("c_numrange", "numrange", List.of("'(1.5,)'")),
          new TypeCase("c_tstzrange", "tstzrange", List.of("'[2024-01-01 00:00+00,infinity)'")),
          new TypeCase("c_daterange", "daterange", List.of("'[2024-01-01,2024-02-01)'")),
          new TypeCase("c_multirange", "int4multirange", List.of("'{[1,3),[5,7)}'")),
          new TypeCase("c_int_array", "integer[]", List.of("'{1,NULL,3}'", "'{}'")),
          new TypeCase("c_int_matrix", "integer[]", List.of("'{{1,2},{3,4}}'")),
          new TypeCase("c_text_array", "text[]", List.of("'{\"a b\",\"c\\\"d\",NULL,\"NULL\"}'")),
          new TypeCase("c_numeric_array", "numeric[]", List.of("'{1.50,NaN}'")),
          new TypeCase("c_enum", "mood", List.of("'happy'")),
          new TypeCase("c_enum_array", "mood[]", List.of("'{sad,ok}'")),
          new TypeCase("c_domain", "posint", List.of("7")),
          new TypeCase("c_composite", "pair", List.of("'(1,\"x y\")'")),
          new TypeCase("c_hstore", "hstore", List.of("'\"a\"=>\"1\", \"b\"=>NULL'")),
          new TypeCase("c_citext", "citext", List.of("'MiXeD'")),
          new TypeCase("c_oid", "oid", List.of("4294967295")),
          new TypeCase("c_pg_lsn", "pg_lsn", List.of("'16/B374D848'")));

  private static final int ROWS = 6;

  @Test
  void copiesEveryTypeExactlyThroughSnapshotAndStreaming() throws Exception {
    copiesEveryType(TestPostgres.source(), TargetDatabase.create("fidelity"), CASES, "copy");
  }

  @Test
  void copiesEveryTypeExactlyThroughDebeziumsReadEventsAndStreaming() throws Exception {
    copiesEveryType(TestPostgres.source(), TargetDatabase.create("fidelity"), CASES, "events");
  }

  @Test
  void copiesEveryTypeFromPostgres12ToPostgres17() throws Exception {
    // Multiranges and numeric infinities arrived in PostgreSQL 14.
    List<TypeCase> cases =
        CASES.stream()
            .filter(c -> !c.type().contains("multirange"))
            .map(
                c ->
                    c.type().startsWith("numeric")
                        ? new TypeCase(
                            c.column(),
                            c.type(),
                            c.values().stream().filter(v -> !v.contains("Infinity")).toList())
                        : c)
            .toList();
    copiesEveryType(
        TestPostgres.server("fidelity-source", 12),
        TargetDatabase.create(TestPostgres.server("fidelity-target", 17), "fidelity"),
        cases,
        "copy");
  }

  private static void copiesEveryType(
      LocalPostgres source, TargetDatabase target, List<TypeCase> cases, String snapshotFormat)
      throws Exception {
    String database = "fidelity";
    source.recreateDatabase(database);
    String ddl = tableDdl(cases);
    try (Connection c = source.connect(database);
        Statement s = c.createStatement()) {
      for (String sql : SETUP) {
        s.execute(sql);
      }
      s.execute(ddl);
      for (String sql : DEFAULTS) {
        s.execute(sql);
      }
      s.execute(insert(cases, 0, ROWS));
    }
    target.execute(SETUP.toArray(new String[0]));
    target.execute(ddl);

    try (SourcePipeline pipeline =
        SourcePipeline.start(
            source,
            database,
            "fidelity",
            Map.of("table.include.list", "public.fidelity", "snapshot.format", snapshotFormat))) {
      PgcarrySinkTask task =
          target.startTask(new RecordingContext(false), "pgcarry.public.fidelity");
      try {
        List<SinkRecord> snapshot = pipeline.pollFullLoad(1, ROWS, Duration.ofSeconds(60));
        task.put(snapshot);
        assertSameRows(cases, source, database, target, "snapshot");

        try (Connection c = source.connect(database);
            Statement s = c.createStatement()) {
          s.execute(insert(cases, ROWS, 2 * ROWS));
          s.execute(rotateUpdate(cases));
          s.execute("DELETE FROM fidelity WHERE id = 1");
        }
        List<SinkRecord> streamed =
            pipeline.pollUntil(r -> changes(r) >= 3 * ROWS, Duration.ofSeconds(60));
        task.put(streamed);
        assertSameRows(cases, source, database, target, "streaming");
      } finally {
        task.stop();
      }
    }
  }

  private static long changes(List<SinkRecord> records) {
    return records.stream().filter(r -> SourcePipeline.changeEvent(r) != null).count();
  }

  private static String tableDdl(List<TypeCase> cases) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE fidelity (id integer PRIMARY KEY");
    cases.forEach(c -> ddl.append(", ").append(c.column()).append(' ').append(c.type()));
    return ddl.append(')').toString();
  }

  /** Rows from..to-1; row 0 is all NULL, row i takes each type's value i modulo its count. */
  private static String insert(List<TypeCase> cases, int from, int to) {
    StringBuilder sql = new StringBuilder("INSERT INTO fidelity VALUES ");
    for (int i = from; i < to; i++) {
      if (i > from) {
        sql.append(", ");
      }
      sql.append('(').append(i);
      for (TypeCase c : cases) {
        sql.append(", ");
        sql.append('(').append(i == 0 ? "NULL" : c.values().get(i % c.values().size()));
        sql.append(")::").append(c.type());
      }
      sql.append(')');
    }
    return sql.toString();
  }

  /** Gives every row the values of the row after it. */
  private static String rotateUpdate(List<TypeCase> cases) {
    StringBuilder sql = new StringBuilder("UPDATE fidelity f SET ");
    for (int k = 0; k < cases.size(); k++) {
      String column = cases.get(k).column();
      sql.append(k == 0 ? "" : ", ").append(column).append(" = n.").append(column);
    }
    return sql.append(" FROM fidelity n WHERE n.id = (f.id + 1) % " + (2 * ROWS) + " AND f.id <> 1")
        .toString();
  }

  private static void assertSameRows(
      List<TypeCase> cases,
      LocalPostgres source,
      String database,
      TargetDatabase target,
      String phase)
      throws Exception {
    Map<String, List<String>> expected;
    try (Connection c = source.connect(database)) {
      expected = rowsAsText(cases, c);
    }
    Map<String, List<String>> actual;
    try (Connection c = target.connect()) {
      actual = rowsAsText(cases, c);
    }
    List<String> differences = new ArrayList<>();
    assertThat(actual.keySet()).as(phase + ": row ids").isEqualTo(expected.keySet());
    expected.forEach(
        (id, row) -> {
          List<String> other = actual.get(id);
          for (int k = 0; k < row.size() - 1; k++) {
            if (!java.util.Objects.equals(row.get(k), other.get(k))) {
              differences.add(
                  "row "
                      + id
                      + " "
                      + cases.get(k).column()
                      + " ("
                      + cases.get(k).type()
                      + "): source "
                      + row.get(k)
                      + ", target "
                      + other.get(k));
            }
          }
          if (!row.get(row.size() - 1).equals(other.get(other.size() - 1))) {
            differences.add("row " + id + ": md5(row::text) differs");
          }
        });
    assertThat(differences).as(phase).isEmpty();
  }

  /** id → each column's text, then md5(row::text). */
  private static Map<String, List<String>> rowsAsText(List<TypeCase> cases, Connection c)
      throws Exception {
    StringBuilder sql = new StringBuilder("SELECT id");
    cases.forEach(k -> sql.append(", ").append(k.column()).append("::text"));
    sql.append(", md5(f::text) FROM fidelity f ORDER BY id");
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      try (ResultSet rs = s.executeQuery(sql.toString())) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int k = 2; k <= cases.size() + 2; k++) {
            row.add(rs.getString(k));
          }
          rows.put(rs.getString(1), row);
        }
      }
    }
    return rows;
  }
}
