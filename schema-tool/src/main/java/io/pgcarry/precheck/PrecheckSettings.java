package io.pgcarry.precheck;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.mapping.NameMapping;
import java.time.Duration;
import java.util.Objects;

/**
 * What the migration will create and do, and how patient the precheck is. Immutable.
 *
 * @param slotName the logical replication slot the source connector will create
 * @param publicationName the publication the source connector will use or create
 * @param longTransaction a source transaction open longer than this is reported, because creating
 *     the slot waits for it to end
 * @param statementTimeout the longest any one catalog query may run
 * @param mapping the target names of source objects and the columns carried
 * @param streaming whether changes stream after the full load ({@code migrate --no-streaming}
 *     copies a snapshot only, and the source must not be written meanwhile)
 * @param slots how many replication slots and WAL senders the run needs on the source server (one
 *     per database it migrates)
 * @param captureDdl whether DDL on the source is captured while streaming ({@code migrate
 *     --capture-ddl}), which takes event triggers on the source
 */
public record PrecheckSettings(
    String slotName,
    String publicationName,
    Duration longTransaction,
    Duration statementTimeout,
    NameMapping mapping,
    boolean streaming,
    int slots,
    boolean captureDdl) {

  /** The slot and publication names used when no migration name is given. */
  public static final String DEFAULT_NAME = "pgcarry";

  public PrecheckSettings {
    Objects.requireNonNull(slotName, "slotName");
    Objects.requireNonNull(publicationName, "publicationName");
    Objects.requireNonNull(longTransaction, "longTransaction");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(mapping, "mapping");
    if (slots < 1) {
      throw new IllegalArgumentException("a migration needs at least one slot, not " + slots);
    }
  }

  /**
   * Slot and publication {@code pgcarry}, transactions older than 5 minutes, 30 s per query, no
   * renaming, streaming, one database.
   */
  public static PrecheckSettings defaults() {
    return new PrecheckSettings(
        DEFAULT_NAME,
        DEFAULT_NAME,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        NameMapping.IDENTITY,
        true,
        1,
        false);
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
    return new PrecheckSettings(
        name,
        publicationName,
        longTransaction,
        statementTimeout,
        mapping,
        streaming,
        slots,
        captureDdl);
  }

  public PrecheckSettings withPublicationName(String name) {
    return new PrecheckSettings(
        slotName, name, longTransaction, statementTimeout, mapping, streaming, slots, captureDdl);
  }

  public PrecheckSettings withLongTransaction(Duration threshold) {
    return new PrecheckSettings(
        slotName,
        publicationName,
        threshold,
        statementTimeout,
        mapping,
        streaming,
        slots,
        captureDdl);
  }

  public PrecheckSettings withMapping(NameMapping names) {
    return new PrecheckSettings(
        slotName,
        publicationName,
        longTransaction,
        statementTimeout,
        names,
        streaming,
        slots,
        captureDdl);
  }

  /** Settings for a run that copies a snapshot and streams no changes. */
  public PrecheckSettings withoutStreaming() {
    return new PrecheckSettings(
        slotName,
        publicationName,
        longTransaction,
        statementTimeout,
        mapping,
        false,
        slots,
        captureDdl);
  }

  /** Settings for a run that captures DDL while streaming. */
  public PrecheckSettings withDdlCapture() {
    return new PrecheckSettings(
        slotName,
        publicationName,
        longTransaction,
        statementTimeout,
        mapping,
        streaming,
        slots,
        true);
  }

  /** Settings for a run that needs {@code count} slots on the source server. */
  public PrecheckSettings withSlots(int count) {
    return new PrecheckSettings(
        slotName,
        publicationName,
        longTransaction,
        statementTimeout,
        mapping,
        streaming,
        count,
        captureDdl);
  }
}
