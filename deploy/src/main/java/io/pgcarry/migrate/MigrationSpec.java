package io.pgcarry.migrate;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.TableSelection;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.stream.PositionTable;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one migration moves and where it runs: one source database, one target database. A run over
 * several databases ({@link MigrationRun}) has one per database, each with its own name, so its own
 * slot, publication, connectors and topics.
 *
 * @param name the migration's name ({@link MigrationName}); it names the Kafka topics, connectors,
 *     slot and publication
 * @param source the source database
 * @param target the target database (created when missing)
 * @param workDir this migration's directory for state, status and the embedded runtime's data
 * @param includes table patterns to migrate ({@code schema.table} globs); empty means all
 * @param excludes table patterns to leave out
 * @param connectUrls the REST URLs of an external Connect cluster's workers, tried in turn when one
 *     does not answer; empty runs the embedded runtime
 * @param bootstrapServers an external Kafka cluster; required with {@code connectUrl}
 * @param workerSecrets with {@code connectUrl}: the path, on the Connect workers, of the properties
 *     file holding the connectors' secrets ({@link ConnectorSecrets}); empty with the embedded
 *     runtime, where pgcarry writes that file in the work directory
 * @param kafkaConfig with {@code connectUrls}: a properties file of Kafka client settings ({@code
 *     security.protocol}, {@code ssl.*}, {@code sasl.*}) for pgcarry's own client of the cluster,
 *     which reads the change topics' end offsets; empty for a plain listener
 * @param mapping the target names of source schemas, tables and columns, and the columns carried
 */
public record MigrationSpec(
    String name,
    PgUri source,
    PgUri target,
    Path workDir,
    List<String> includes,
    List<String> excludes,
    List<URI> connectUrls,
    Optional<String> bootstrapServers,
    Optional<Path> workerSecrets,
    Optional<Path> kafkaConfig,
    NameMapping mapping) {

  /**
   * @throws IllegalArgumentException when the name is not a usable migration name
   */
  public MigrationSpec {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    connectUrls = List.copyOf(connectUrls);
    Objects.requireNonNull(mapping, "mapping");
    new MigrationName(name);
  }

  /**
   * A migration that keeps every name and whose connectors read their secrets from the file pgcarry
   * writes.
   */
  public MigrationSpec(
      String name,
      PgUri source,
      PgUri target,
      Path workDir,
      List<String> includes,
      List<String> excludes,
      Optional<URI> connectUrl,
      Optional<String> bootstrapServers) {
    this(
        name,
        source,
        target,
        workDir,
        includes,
        excludes,
        connectUrl.map(List::of).orElse(List.of()),
        bootstrapServers,
        Optional.empty(),
        Optional.empty(),
        NameMapping.IDENTITY);
  }

  /** The same migration of another database of the servers, under another name. */
  public MigrationSpec forDatabase(MigrationName other, String sourceDatabase) {
    return new MigrationSpec(
        other.value(),
        source.withDatabase(sourceDatabase),
        target.withDatabase(mapping.database(sourceDatabase)),
        workDir,
        includes,
        excludes,
        connectUrls,
        bootstrapServers,
        workerSecrets,
        kafkaConfig,
        mapping);
  }

  /** The table selection, by source names. */
  public TableSelection selection() {
    return new TableSelection(includes, excludes);
  }

  /** The first Connect worker named, or empty with the embedded runtime. */
  public Optional<URI> connectUrl() {
    return connectUrls.stream().findFirst();
  }

  /** The name, checked. */
  public MigrationName migrationName() {
    return new MigrationName(name);
  }

  /** The replication slot on the source. */
  public String slotName() {
    return migrationName().slotName();
  }

  /** The publication on the source. */
  public String publicationName() {
    return migrationName().publicationName();
  }

  /** The table on the target where the sink keeps its applied positions. */
  public TableId positionTable() {
    return PositionTable.DEFAULT;
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
