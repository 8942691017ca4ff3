package io.pgcarry.schema;

import io.pgcarry.local.LocalPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code pg_dump --schema-only} of a test database, for comparing source and target. */
public final class SchemaDump {

  private static final Path PG_DUMP_15 = Path.of("/usr/lib/postgresql/15/bin/pg_dump");

  private SchemaDump() {}

  /**
   * The schema of a database as pg_dump 15 writes it, without comments, blank lines and the session
   * settings at the top, so two dumps compare line by line.
   */
  public static String of(LocalPostgres server, String database)
      throws IOException, InterruptedException {
    return dump(server, database, List.of("--no-owner", "--no-privileges"));
  }

  /** Like {@link #of}, but with the owners and privileges (ALTER ... OWNER TO, GRANT, REVOKE). */
  public static String withAccess(LocalPostgres server, String database)
      throws IOException, InterruptedException {
    return dump(server, database, List.of());
  }

  private static String dump(LocalPostgres server, String database, List<String> flags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PG_DUMP_15.toString(), "--schema-only"));
    command.addAll(flags);
    command.addAll(List.of("-d", server.uri(database)));
    ProcessBuilder builder = new ProcessBuilder(command);
    Path out = Files.createTempFile("pgdump", ".sql");
    builder.redirectOutput(out.toFile());
    builder.redirectErrorStream(false);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(
          "pg_dump failed: " + new String(process.getErrorStream().readAllBytes()));
    }
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      // pg_dump 15.14 and later fence the script with \restrict and a random key.
      if (line.isBlank()
          || line.startsWith("--")
          || line.startsWith("\\restrict")
          || line.startsWith("\\unrestrict")) {
        continue;
      }
      kept.add(line);
    }
    Files.delete(out);
    String dump = String.join("\n", kept) + "\n";
    Path copy = Path.of("target", "dumps", server.port() + "-" + database + ".sql");
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, dump);
    return dump;
  }

  /**
   * A dump without what differs only because the servers' major versions do: multirange types
   * (created with every range from 14 on), the table access method setting (12 on), and EXECUTE
   * PROCEDURE in triggers (EXECUTE FUNCTION from 11 on).
   */
  public static String acrossMajors(String dump) {
    StringBuilder out = new StringBuilder();
    for (String line : dump.split("\n")) {
      if (line.strip().startsWith("multirange_type_name = ")
          || line.startsWith("SET default_table_access_method")) {
        continue;
      }
      out.append(line.replace(" EXECUTE PROCEDURE ", " EXECUTE FUNCTION ")).append('\n');
    }
    return out.toString();
  }
}
