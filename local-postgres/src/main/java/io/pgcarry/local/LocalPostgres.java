package io.pgcarry.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from local binaries on a free loopback port, for the demo and for
 * tests.
 *
 * <p>The server listens on 127.0.0.1 only, with {@code wal_level=logical} so it can be a source,
 * and a superuser {@code postgres} whose password is {@code postgres} (scram-sha-256 over TCP).
 * PostgreSQL refuses to run as root: when this JVM runs as root, every server command runs as an
 * unprivileged OS user ({@code postgres} when it exists, else {@code nobody}, or the one named by
 * the {@code pgcarry.pg.user} system property) and the data directory is given to that user.
 *
 * <p>{@link #close()} stops the server and deletes its data directory. Not thread-safe.
 */
public final class LocalPostgres implements AutoCloseable {

  /** Superuser name and password of every local server. */
  public static final String SUPERUSER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

  private final PostgresInstallation installation;
  private final Path dataDir;
  private final int port;
  private final String osUser;
  private boolean running;

  private LocalPostgres(PostgresInstallation installation, Path dataDir, int port, String osUser) {
    this.installation = installation;
    this.dataDir = dataDir;
    this.port = port;
    this.osUser = osUser;
  }

  /**
   * Creates, configures and starts a new server.
   *
   * @param installation binaries to run
   * @param baseDir directory under which a fresh data directory is made
   * @param settings extra {@code postgresql.conf} settings, applied after the defaults
   */
  public static LocalPostgres start(
      PostgresInstallation installation, Path baseDir, Map<String, String> settings) {
    try {
      Files.createDirectories(baseDir);
      Path root = Files.createTempDirectory(baseDir, "pg" + installation.major() + "-");
      String osUser = serverUser();
      LocalPostgres server =
          new LocalPostgres(installation, root.resolve("data"), freePort(), osUser);
      server.initdb(root);
      server.configure(settings);
      server.startServer();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start PostgreSQL " + installation.major(), e);
    }
  }

  /** Starts a server with the default settings. */
  public static LocalPostgres start(PostgresInstallation installation, Path baseDir) {
    return start(installation, baseDir, Map.of());
  }

  public int port() {
    return port;
  }

  /** The server's log file (written by the server's own user). */
  public Path logFile() {
    return dataDir.resolveSibling("server.log");
  }

  public int major() {
    return installation.major();
  }

  public PostgresInstallation installation() {
    return installation;
  }

  /** libpq-style URI of a database on this server, as the superuser. */
  public String uri(String database) {
    return "postgresql://" + SUPERUSER + ":" + SUPERUSER + "@127.0.0.1:" + port + "/" + database;
  }

  /** JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Opens a connection to a database as the superuser. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, SUPERUSER);
  }

  /** Creates a database, dropping an existing one of the same name first. */
  public void recreateDatabase(String name) throws SQLException {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
      if (major() >= 13) {
        statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
      } else {
        // DROP DATABASE ... WITH (FORCE) arrived in PostgreSQL 13.
        try (var terminate =
            connection.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
          terminate.setString(1, name);
          terminate.execute();
        }
        statement.execute("DROP DATABASE IF EXISTS " + quoted);
      }
      statement.execute("CREATE DATABASE " + quoted);
    }
  }

  /**
   * Runs a SQL script file with this installation's or the system's {@code psql}, as the superuser;
   * statements that fail are reported in the returned output but do not stop the run.
   */
  public String psqlFile(String database, Path script) throws IOException {
    return Processes.run(
        List.of(
            psql().toString(),
            "-X",
            "-q",
            "-d",
            "postgresql://" + SUPERUSER + ":" + SUPERUSER + "@127.0.0.1:" + port + "/" + database,
            "-f",
            script.toAbsolutePath().toString()),
        null);
  }

  private Path psql() {
    Path own = installation.executable("psql");
    return Files.isExecutable(own) ? own : Path.of("psql");
  }

  private void initdb(Path root) throws IOException {
    Path pwfile = root.resolve("pwfile");
    Files.writeString(pwfile, SUPERUSER + "\n", StandardCharsets.UTF_8);
    giveTo(root);
    run(
        List.of(
            installation.executable("initdb").toString(),
            "-D",
            dataDir.toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + pwfile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync"));
  }

  private void configure(Map<String, String> settings) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("# pgcarry local server");
    lines.add("listen_addresses = '127.0.0.1'");
    lines.add("port = " + port);
    lines.add("unix_socket_directories = ''");
    lines.add("wal_level = logical");
    lines.add("max_replication_slots = 20");
    lines.add("max_wal_senders = 20");
    lines.add("max_connections = 200");
    lines.add("fsync = off");
    lines.add("full_page_writes = off");
    lines.add("shared_buffers = '128MB'");
    settings.forEach((key, value) -> lines.add(key + " = '" + value.replace("'", "''") + "'"));
    Files.write(
        dataDir.resolve("postgresql.conf"),
        lines,
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private void startServer() throws IOException {
    run(
        List.of(
            installation.executable("pg_ctl").toString(),
            "-D",
            dataDir.toString(),
            "-l",
            logFile().toString(),
            "-w",
            "-t",
            "120",
            "start"));
    running = true;
    LOG.info("PostgreSQL {} listening on 127.0.0.1:{}", installation.major(), port);
  }

  /** Stops the server immediately (simulating a crash when {@code mode} is immediate). */
  public void stop(String mode) throws IOException {
    if (running) {
      run(
          List.of(
              installation.executable("pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "-m",
              mode,
              "-w",
              "stop"));
      running = false;
    }
  }

  /**
   * Copies a file into the data directory, readable by the server's OS user only, as PostgreSQL
   * requires of a private key (a certificate may be read by others, but need not be).
   *
   * @return the file's name in the data directory, for settings such as {@code ssl_key_file}
   */
  public String installFile(Path file) throws IOException {
    Path copy = dataDir.resolve(file.getFileName());
    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (osUser != null) {
      Processes.run(List.of("chown", osUser, copy.toString()), null);
    }
    Processes.run(List.of("chmod", "600", copy.toString()), null);
    return copy.getFileName().toString();
  }

  /** Replaces {@code pg_hba.conf} with these lines and reloads the configuration. */
  public void hba(List<String> lines) throws IOException {
    Files.write(dataDir.resolve("pg_hba.conf"), lines, StandardCharsets.UTF_8);
    reload();
  }

  /** Makes the server read its configuration files again ({@code pg_ctl reload}). */
  public void reload() throws IOException {
    run(List.of(installation.executable("pg_ctl").toString(), "-D", dataDir.toString(), "reload"));
  }

  /** Starts a server stopped by {@link #stop}, on the same port and data. */
  public void restart() throws IOException {
    if (!running) {
      startServer();
    }
  }

  @Override
  public void close() {
    try {
      stop("fast");
    } catch (IOException e) {
      LOG.warn("Cannot stop PostgreSQL on port {}: {}", port, e.getMessage());
    }
    deleteTree(dataDir.getParent());
  }

  private void run(List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (osUser != null) {
      full.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    full.addAll(command);
    Processes.run(full, dataDir.getParent());
  }

  private void giveTo(Path root) throws IOException {
    if (osUser != null) {
      Processes.run(List.of("chown", "-R", osUser, root.toString()), null);
      Path parent = root.getParent();
      Processes.run(List.of("chmod", "a+rx", parent.toString()), null);
    }
  }

  /** The OS user that runs servers, or null when this process may run them itself. */
  private static String serverUser() throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return null;
    }
    String configured = System.getProperty("pgcarry.pg.user");
    if (configured != null) {
      return configured;
    }
    try {
      Processes.run(List.of("id", "-u", "postgres"), null);
      return "postgres";
    } catch (IOException e) {
      return "nobody";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", root, e.getMessage());
    }
  }
}
