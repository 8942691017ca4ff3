package io.pgcarry.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL servers shared by the integration tests of one JVM: started on first use, one per role
 * and major version, and stopped when the JVM exits, so a suite pays start-up once.
 *
 * <p>Tests isolate themselves by creating their own databases ({@link
 * LocalPostgres#recreateDatabase}). Thread-safe.
 */
public final class TestPostgres {

  private static final Map<String, LocalPostgres> SERVERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> SERVERS.values().forEach(LocalPostgres::close)));
  }

  private TestPostgres() {}

  /** A server of the default major version (15) that plays the source. */
  public static LocalPostgres source() {
    return server("source", 15);
  }

  /** A server of the default major version (15) that plays the target. */
  public static LocalPostgres target() {
    return server("target", 15);
  }

  /** A shared server for a role ("source", "target", ...) and a major version. */
  public static LocalPostgres server(String role, int major) {
    return SERVERS.computeIfAbsent(
        role + "-" + major,
        key ->
            LocalPostgres.start(
                PostgresInstallation.find(major),
                baseDir(),
                Map.of("log_min_messages", "warning")));
  }

  private static Path baseDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "pgcarry-test-servers");
  }
}
