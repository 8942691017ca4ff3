package io.pgcarry.precheck;

import io.pgcarry.common.MigrationName;
import java.time.Duration;
import java.util.Objects;

/**
 * What the migration will create and how patient the precheck is. Immutable.
 *
 * @param slotName the logical replication slot the source connector will create
 * @param publicationName the publication the source connector will use or create
 * @param longTransaction a source transaction open longer than this is reported, because creating
 *     the slot waits for it to end
 * @param statementTimeout the longest any one catalog query may run
 */
public record PrecheckSettings(
    String slotName, String publicationName, Duration longTransaction, Duration statementTimeout) {

  /** The slot and publication names used when no migration name is given. */
  public static final String DEFAULT_NAME = "pgcarry";

  public PrecheckSettings {
    Objects.requireNonNull(slotName, "slotName");
    Objects.requireNonNull(publicationName, "publicationName");
    Objects.requireNonNull(longTransaction, "longTransaction");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
  }

  /** Slot and publication {@code pgcarry}, transactions older than 5 minutes, 30 s per query. */
  public static PrecheckSettings defaults() {
    return new PrecheckSettings(
        DEFAULT_NAME, DEFAULT_NAME, Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  /**
   * The defaults, with the slot and publication names of a migration ({@link MigrationName}).
   *
   * @throws IllegalArgumentException when the name is not a usable migration name
   */
  public static PrecheckSettings forMigration(String migrationName) {
    MigrationName name = new MigrationName(migrationName);
    return defaults().withSlotName(name.slotName()).withPublicationName(name.publicationName());
  }

  public PrecheckSettings withSlotName(String name) {
    return new PrecheckSettings(name, publicationName, longTransaction, statementTimeout);
  }

  public PrecheckSettings withPublicationName(String name) {
    return new PrecheckSettings(slotName, name, longTransaction, statementTimeout);
  }

  public PrecheckSettings withLongTransaction(Duration threshold) {
    return new PrecheckSettings(slotName, publicationName, threshold, statementTimeout);
  }
}
