package io.pgcarry.migrate.connectors;

import io.pgcarry.migrate.MigrationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Keeps the passwords out of the connector configurations, which Connect stores in clear in its
 * config topic: each secret setting of a connector holds a reference, {@code ${file:PATH:KEY}},
 * that the worker resolves through Kafka's {@code FileConfigProvider} when it starts the connector,
 * from a properties file only the workers read.
 *
 * <p>For the embedded worker pgcarry writes that file itself (mode 0600, in the migration's work
 * directory); for a cluster of its own, the data-platform team puts it on every worker and names it
 * with {@code --worker-secrets}. Immutable and thread-safe.
 *
 * <p>A run over one database reads {@value #SOURCE_PASSWORD} and {@value #TARGET_URI}. A run over
 * several databases writes every database's under its own keys, prefixed with the name the database
 * migrates under ({@code shop-orders.target.uri}): each database has its own target.
 *
 * @param file the properties file, as the workers see it
 * @param perDatabase whether each database's secrets are under keys of their own
 * @see <a href="https://kafka.apache.org/documentation/#connect_configproviders">ConfigProviders
 *     for Connect</a>
 */
public record ConnectorSecrets(Path file, boolean perDatabase) {

  /** The key holding the source role's password. */
  public static final String SOURCE_PASSWORD = "source.password";

  /** The key holding the target URI, password included. */
  public static final String TARGET_URI = "target.uri";

  /** The name under which the workers configure the file provider. */
  public static final String PROVIDER = "file";

  /** The secret settings of the two connectors, and the key each one is read from. */
  private static final Map<String, String> SECRET_SETTINGS =
      Map.of("database.password", SOURCE_PASSWORD, "connection.uri", TARGET_URI);

  /**
   * The secrets of a run over one database, under {@value #SOURCE_PASSWORD} and {@value
   * #TARGET_URI}.
   */
  public ConnectorSecrets(Path file) {
    this(file, false);
  }

  /** The key under which the file holds {@code database}'s secret {@code key}. */
  public String key(MigrationSpec database, String key) {
    return perDatabase ? database.name() + "." + key : key;
  }

  /** The reference that a connector setting holds in place of the secret under {@code key}. */
  public String reference(String key) {
    return "${" + PROVIDER + ":" + file + ":" + key + "}";
  }

  /**
   * The configuration with every secret setting replaced by its reference; other settings are kept
   * as they are, in their order.
   */
  public Map<String, String> externalize(Map<String, String> config) {
    return externalize(config, key -> key);
  }

  /**
   * The configuration of {@code database}'s connector with every secret setting replaced by its
   * reference to that database's keys.
   */
  public Map<String, String> externalize(MigrationSpec database, Map<String, String> config) {
    return externalize(config, key -> key(database, key));
  }

  private Map<String, String> externalize(Map<String, String> config, UnaryOperator<String> keys) {
    Map<String, String> out = new LinkedHashMap<>(config);
    SECRET_SETTINGS.forEach(
        (setting, key) -> {
          if (out.containsKey(setting)) {
            out.put(setting, reference(keys.apply(key)));
          }
        });
    return out;
  }

  /**
   * Writes the file of a run's databases, each under its keys ({@link #key}), replacing it
   * atomically, readable and writable by its owner only.
   *
   * @param name the run's name, in the file's header
   */
  public void write(String name, List<MigrationSpec> databases) {
    Properties values = new Properties();
    for (MigrationSpec spec : databases) {
      if (spec.source().password() != null) {
        values.setProperty(key(spec, SOURCE_PASSWORD), spec.source().password());
      }
      values.setProperty(key(spec, TARGET_URI), spec.target().toUriString());
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // Created 0600 by Files.createTempFile on POSIX file systems, before a byte is written.
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        values.store(out, "pgcarry migration " + name + ": read by the Connect worker");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the connectors' secrets file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the file when it exists; for the embedded runtime's file once the connectors are gone.
   */
  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot delete the connectors' secrets file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The worker settings that resolve the references: the file provider, allowed to read files under
   * {@code allowedDir} only.
   */
  public static Map<String, String> workerConfig(Path allowedDir) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("config.providers", PROVIDER);
    config.put(
        "config.providers." + PROVIDER + ".class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    config.put(
        "config.providers." + PROVIDER + ".param.allowed.paths",
        allowedDir.toAbsolutePath().toString());
    return config;
  }
}
