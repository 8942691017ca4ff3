package io.pgcarry.migrate;

import io.pgcarry.common.PgUri;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one migration moves and where it runs: one source database, one target database.
 *
 * @param name the migration's name; it names the Kafka topics, connectors, slot and publication
 * @param source the source database
 * @param target the target database (created when missing)
 * @param workDir this migration's directory for state, status and the embedded runtime's data
 * @param includes table patterns to migrate ({@code schema.table} globs); empty means all
 * @param excludes table patterns to leave out
 * @param connectUrl an external Connect worker's REST URL; empty runs the embedded runtime
 * @param bootstrapServers an external Kafka cluster; required with {@code connectUrl}
 */
public record MigrationSpec(
    String name,
    PgUri source,
    PgUri target,
    Path workDir,
    List<String> includes,
    List<String> excludes,
    Optional<URI> connectUrl,
    Optional<String> bootstrapServers) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,47}");

  public MigrationSpec {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    checkName(name);
  }

  /**
   * Checks a migration name: letters, digits, underscore and dash, at most 48 characters, since it
   * becomes part of topic, slot and publication names.
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "migration name '"
              + name
              + "' is not usable: use 1 to 48 letters, digits, '_' or '-' (pass --name)");
    }
    return name;
  }

  /** The migration name reduced to what a replication slot name allows. */
  public String slotName() {
    return slotName(name);
  }

  /**
   * The replication slot (and publication) name of a migration: {@code pgcarry_} and the name in
   * lower case with dashes as underscores. The one place that derives it.
   */
  public static String slotName(String migrationName) {
    return "pgcarry_"
        + checkName(migrationName).toLowerCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /** The publication on the source. */
  public String publicationName() {
    return slotName();
  }

  public String sourceConnectorName() {
    return "pgcarry-" + name + "-source";
  }

  public String sinkConnectorName() {
    return "pgcarry-" + name + "-sink";
  }

  /** Kafka topic prefix of the change topics: {@code name.schema.table}. */
  public String topicPrefix() {
    return name;
  }

  /** The regular expression matching every change topic of this migration. */
  public String topicRegex() {
    return Pattern.quote(name + ".") + ".+";
  }
}
