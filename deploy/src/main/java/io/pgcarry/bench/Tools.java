package io.pgcarry.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** PostgreSQL's client programs the benchmark runs, found on the {@code PATH}. */
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
}
