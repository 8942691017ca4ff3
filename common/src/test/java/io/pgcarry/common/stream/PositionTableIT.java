package io.pgcarry.common.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The position table against a real server: made from its definition, every statement of its
 * package runs on it, so a column renamed in one file and not in the others fails here.
 */
class PositionTableIT {

  private static final String DATABASE = "position_table_it";
  private static final String DEFINITION = "position-table.sql";

  /** A hostile name, so that quoting is tested too. */
  private static final PositionTable TABLE =
      new PositionTable(new TableId("pgcarry \"it\"", "applied position"));

  private static LocalPostgres server;

  @BeforeAll
  static void database() throws SQLException {
    server = TestPostgres.target();
    server.recreateDatabase(DATABASE);
  }

  @Test
  void everyStatementOfThePackageNamesOnlyColumnsTheDefinitionCreates() throws Exception {
    List<String> checked = new ArrayList<>();
    try (Connection c = server.connect(DATABASE)) {
      TABLE.create(c);
      TABLE.create(c);
      for (String file : statementFiles()) {
        String sql = SqlResource.load(PositionTable.class, file).format(TABLE.table().quoted());
        // PREPARE parses and analyses the statement, resolving every column, without running it.
        try (Statement s = c.createStatement()) {
          s.execute("PREPARE checked AS " + numbered(sql));
          s.execute("DEALLOCATE checked");
        }
        checked.add(file);
      }
    }

    assertThat(checked)
        .contains(
            "write-positions.sql",
            "read-positions.sql",
            "partition-progress.sql",
            "full-load-progress.sql",
            "forget-partition.sql",
            "forget-migration.sql");
  }

  @Test
  void writesReadsAndForgetsPositionsThenDropsTheTableAndItsEmptySchema() throws Exception {
    PositionTable table = new PositionTable(new TableId("pgcarry_round_trip", "applied_position"));
    AppliedPosition full =
        new AppliedPosition(
            "t.public.a",
            0,
            42,
            Lsn.parse("0/16B3748"),
            1_700_000_000_123L,
            new ChangePosition(Lsn.parse("0/16B3700"), Lsn.parse("0/16B3600"), 3),
            new ChangePosition(Lsn.parse("0/16B3500"), Lsn.parse("0/16B3580"), 0x16B35A0L),
            new SnapshotProgress(
                Lsn.parse("0/15D68C8"), new TableId("public", "a b"), 1_000, true));
    AppliedPosition bare = AppliedPosition.start("t.public.b", 1);
    try (Connection c = server.connect(DATABASE)) {
      table.create(c);
      assertThat(table.exists(c)).isTrue();
      table.write(c, "m1", List.of(full, bare));
      table.write(c, "m2", List.of(AppliedPosition.start("u.public.a", 0)));

      assertThat(table.read(c, "m1")).containsExactlyInAnyOrder(full, bare);
      assertThat(table.partitions(c, "m1"))
          .hasSize(2)
          .filteredOn(p -> p.partition() == 0)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.topic()).isEqualTo("t.public.a");
                assertThat(p.nextOffset()).isEqualTo(42);
                assertThat(p.sourceLsn()).isEqualTo(full.sourceLsn());
                assertThat(p.sourceCommit().toEpochMilli()).isEqualTo(1_700_000_000_123L);
                assertThat(p.appliedAt()).isNotNull();
              });
      assertThat(table.fullLoads(c, "m1"))
          .containsExactly(
              new PositionTable.TableLoaded(new TableId("public", "a b"), 1_000, true));

      table.forget(c, "m1", "t.public.a", 0);
      assertThat(table.read(c, "m1")).containsExactly(bare);
      table.forget(c, "m1");
      assertThat(table.read(c, "m1")).isEmpty();
      assertThat(table.isEmpty(c)).isFalse();
      table.forget(c, "m2");
      assertThat(table.isEmpty(c)).isTrue();

      assertThat(table.drop(c)).isTrue();
      assertThat(table.exists(c)).isFalse();
      assertThat(value(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry_round_trip'"))
          .isEqualTo("0");
    }
  }

  @Test
  void dropKeepsASchemaThatHoldsOtherObjects() throws Exception {
    PositionTable table = new PositionTable(new TableId("pgcarry_shared", "applied_position"));
    try (Connection c = server.connect(DATABASE)) {
      table.create(c);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE pgcarry_shared.application_table (id int)");
      }
      c.setAutoCommit(false);

      assertThat(table.drop(c)).isFalse();
      c.commit();
      assertThat(table.exists(c)).isFalse();
      assertThat(value(c, "SELECT to_regclass('pgcarry_shared.application_table') IS NOT NULL"))
          .isEqualTo("t");
    }
  }

  /** The files beside PositionTable other than the definition. */
  private static List<String> statementFiles() throws IOException, URISyntaxException {
    URI uri = PositionTable.class.getResource(DEFINITION).toURI();
    if (!"jar".equals(uri.getScheme())) {
      return statementFiles(Path.of(uri).getParent());
    }
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
      return statementFiles(jar.provider().getPath(uri).getParent());
    }
  }

  private static List<String> statementFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          // The deferred key table's statements name its own columns (DeferredKeyTable).
          .filter(name -> name.endsWith(".sql") && !name.equals(DEFINITION))
          .filter(name -> !name.contains("deferred-key"))
          .sorted()
          .toList();
    }
  }

  /** The statement with its JDBC parameters numbered, as PREPARE takes them. */
  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static String value(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
