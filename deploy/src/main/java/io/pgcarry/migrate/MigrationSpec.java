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
 * @param connectUrl an external Connect worker's REST URL; empty runs the embedded runtime
 * @param bootstrapServers an external Kafka cluster; required with {@code connectUrl}
 * @param mapping the target names of source schemas, tables and columns, and the columns carried
 */
public record MigrationSpec(
    String name,
    PgUri source,
    PgUri target,
    Path workDir,
    List<String> includes,
    List<String> excludes,
    Optional<URI> connectUrl,
    Optional<String> bootstrapServers,
    NameMapping mapping) {

  /**
   * @throws IllegalArgumentException when the name is not a usable migration name
   */
  public MigrationSpec {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    Objects.requireNonNull(mapping, "mapping");
    new MigrationName(name);
  }

  /** A migration that keeps every name. */
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
        connectUrl,
        bootstrapServers,
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
        connectUrl,
        bootstrapServers,
        mapping);
  }

  /** The table selection, by source names. */
  public TableSelection selection() {
    return new TableSelection(includes, excludes);
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
