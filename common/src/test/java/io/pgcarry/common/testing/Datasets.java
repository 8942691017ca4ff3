package io.pgcarry.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The third-party sample databases in {@code shared/datasets}, read in place (never copied into the
 * repository). Their location comes from the {@code pgcarry.datasets} system property, which the
 * build sets, or is found by walking up from the working directory.
 */
public final class Datasets {

  private Datasets() {}

  /** A file of a dataset, such as {@code file("pagila", "pagila-schema.sql")}. */
  public static Path file(String dataset, String name) {
    Path path = root().resolve(dataset).resolve(name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("Dataset file missing: " + path);
    }
    return path;
  }

  /** The datasets directory. */
  public static Path root() {
    String configured = System.getProperty("pgcarry.datasets");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/datasets not found; set -Dpgcarry.datasets=/path/to/shared/datasets");
  }
}
