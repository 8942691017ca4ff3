package io.pgcarry.bench;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The CPU a local PostgreSQL server has used, all its processes together: the postmaster, the
 * processes it runs now (backends, WAL senders, apply workers, the checkpointer...) and those that
 * ended, which the postmaster waited for, from {@code /proc}. The postmaster is found as the parent
 * of a backend. Linux only.
 */
final class ServerCpu {

  private final long postmaster;

  private ServerCpu(long postmaster) {
    this.postmaster = postmaster;
  }

  /** The server a database URI points to; it must run on this machine. */
  static Optional<ServerCpu> of(PgUri server) {
    try (Connection c = Connections.open(server, "server");
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return ProcStat.ofProcess(rs.getLong(1)).map(backend -> new ServerCpu(backend.parent()));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** The CPU seconds of every process of the server so far. */
  double seconds() {
    Optional<ProcStat> main = ProcStat.ofProcess(postmaster);
    if (main.isEmpty()) {
      return 0;
    }
    double total = main.get().cpuSeconds() + main.get().childrenCpuSeconds();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        Optional<ProcStat> stat = ProcStat.read(process.resolve("stat"));
        if (stat.isPresent() && stat.get().parent() == postmaster) {
          total += stat.get().cpuSeconds() + stat.get().childrenCpuSeconds();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return total;
  }
}
