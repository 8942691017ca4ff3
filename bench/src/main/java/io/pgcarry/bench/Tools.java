package io.pgcarry.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The programs the benchmark runs: PostgreSQL's clients and the JDK's {@code jcmd}. */
final class Tools {

  private Tools() {}

  /** The first executable of that name on the {@code PATH}. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * The directory holding both {@code pg_dump} and {@code psql}: the servers' own binaries when
   * they have them (Debian's), else the {@code PATH}'s.
   */
  static Optional<Path> dumpTools(Path serverBin) {
    if (Files.isExecutable(serverBin.resolve("pg_dump"))
        && Files.isExecutable(serverBin.resolve("psql"))) {
      return Optional.of(serverBin);
    }
    return onPath("pg_dump")
        .map(Path::getParent)
        .filter(dir -> Files.isExecutable(dir.resolve("psql")));
  }

  /** A tool of the JDK this JVM runs on, else of the {@code PATH}. */
  static Optional<Path> jdkTool(String name) {
    Path own = Path.of(System.getProperty("java.home"), "bin", name);
    return Files.isExecutable(own) ? Optional.of(own) : onPath(name);
  }
}
