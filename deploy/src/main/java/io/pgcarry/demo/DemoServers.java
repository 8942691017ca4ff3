package io.pgcarry.demo;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import java.nio.file.Path;

/**
 * The demo's two local PostgreSQL servers, source and target, of the newest major version Debian's
 * packages provide, else 15 from the binaries pgcarry ships (the binaries jar on the class path).
 * {@link #close()} stops both and deletes their data.
 *
 * @param source the server the shop database is created on
 * @param target the server it is migrated to
 */
public record DemoServers(LocalPostgres source, LocalPostgres target) implements AutoCloseable {

  /**
   * Starts both servers.
   *
   * @param lookup where binaries are looked for
   * @param dir the directory under which their data directories are made
   * @throws IllegalStateException naming where it looked when there are no binaries
   */
  public static DemoServers start(PostgresInstallation.Lookup lookup, Path dir) {
    PostgresInstallation installation = lookup.find(lookup.preferredMajor());
    LocalPostgres source = LocalPostgres.start(installation, dir);
    try {
      return new DemoServers(source, LocalPostgres.start(installation, dir));
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      target.close();
    } finally {
      source.close();
    }
  }
}
