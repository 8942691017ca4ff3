package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.Identifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The reference full load: {@code pg_dump SOURCE | psql TARGET} into a new, empty database, one
 * pipe, as a dump-and-restore migration does it (plain format, rows by COPY, indexes after them).
 */
final class PgDumpLoad {

  private PgDumpLoad() {}

  /**
   * Loads the source into the target database, which must not exist yet.
   *
   * @param bin the directory of {@code pg_dump} and {@code psql}
   */
  static BenchReport.FullLoad run(Path bin, PgUri source, PgUri target, long rows)
      throws IOException, InterruptedException, SQLException {
    createDatabase(target);
    long start = System.nanoTime();
    List<Process> pipeline =
        ProcessBuilder.startPipeline(
            List.of(
                new ProcessBuilder(
                    bin.resolve("pg_dump").toString(), "--no-sync", "-d", source.toUriString()),
                new ProcessBuilder(
                        bin.resolve("psql").toString(),
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-d",
                        target.toUriString())
                    .redirectErrorStream(true)));
    Process psql = pipeline.get(1);
    String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int dump = pipeline.get(0).waitFor();
    int restore = psql.waitFor();
    double seconds = NativeReplica.seconds(start);
    if (dump != 0 || restore != 0) {
      throw new IOException(
          "pg_dump | psql exited " + dump + " | " + restore + ": " + output.strip());
    }
    return new BenchReport.FullLoad(
        "pg_dump | psql",
        true,
        seconds,
        rows / seconds,
        1,
        List.of(),
        "plain-format dump piped into psql, into a new database");
  }

  private static void createDatabase(PgUri target) throws SQLException {
    try (Connection c = Connections.open(target.withDatabase("postgres"), "target");
        Statement statement = c.createStatement()) {
      statement.execute("CREATE DATABASE " + Identifier.quote(target.database()));
    }
  }
}
