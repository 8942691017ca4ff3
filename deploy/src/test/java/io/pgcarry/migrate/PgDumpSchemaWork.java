package io.pgcarry.migrate;

import io.pgcarry.common.TableId;
import io.pgcarry.local.LocalPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema work for driver tests: it copies the schema with the server's own pg_dump, so the
 * driver is tested apart from pgcarry's schema tool.
 */
final class PgDumpSchemaWork implements SchemaWork {

  private final LocalPostgres source;
  private final String sourceDb;
  private final LocalPostgres target;
  private final String targetDb;

  PgDumpSchemaWork(LocalPostgres source, String sourceDb, LocalPostgres target, String targetDb) {
    this.source = source;
    this.sourceDb = sourceDb;
    this.target = target;
    this.targetDb = targetDb;
  }

  @Override
  public void precheck() {}

  @Override
  public void preData() throws Exception {
    target.recreateDatabase(targetDb);
    // pg_dump puts keys in post-data; the sink needs them before the load.
    copy("pre-data");
    copy("post-data");
  }

  @Override
  public List<TableId> selectedTables() throws Exception {
    List<TableId> tables = new ArrayList<>();
    try (Connection c = source.connect(sourceDb);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN"
                    + " ('pg_catalog', 'information_schema')")) {
      while (rs.next()) {
        tables.add(new TableId(rs.getString(1), rs.getString(2)));
      }
    }
    return tables;
  }

  @Override
  public void postData() {}

  @Override
  public void validateForeignKeys() {}

  private void copy(String section) throws Exception {
    Path dump = Files.createTempFile("schema", ".sql");
    Process process =
        new ProcessBuilder(
                source.installation().executable("pg_dump").toString(),
                "--schema-only",
                "--section=" + section,
                "--no-owner",
                "-d",
                source.uri(sourceDb))
            .redirectOutput(dump.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("pg_dump failed");
    }
    target.psqlFile(targetDb, dump);
    new File(dump.toString()).delete();
  }
}
