package io.pgcarry.migrate.probes;

import java.util.Locale;

/**
 * When the WAL a migration's slot retains on the source is worth a warning, and when it is an
 * error. The slot keeps every WAL segment the source connector has not confirmed; a connector that
 * stops or falls behind fills the source's disk, or, with {@code max_slot_wal_keep_size} set, gets
 * the slot invalidated and the migration lost.
 *
 * @param warningBytes retained WAL from which the status warns
 * @param errorBytes retained WAL from which the status reports an error
 */
public record WalThresholds(long warningBytes, long errorBytes) {

  /** Share of {@code max_slot_wal_keep_size} from which the status warns. */
  static final double KEEP_WARNING = 0.5;

  /** Share of {@code max_slot_wal_keep_size} from which the status reports an error. */
  static final double KEEP_ERROR = 0.8;

  /**
   * @throws IllegalArgumentException when the warning is not below the error, or either is negative
   */
  public WalThresholds {
    if (warningBytes < 0 || errorBytes <= warningBytes) {
      throw new IllegalArgumentException(
          "the retained WAL warning ("
              + warningBytes
              + " bytes) must be at least 0 and below the error threshold ("
              + errorBytes
              + " bytes)");
    }
  }

  /** A level, as operators read it. */
  public enum Level {
    OK,
    WARNING,
    ERROR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The level of a slot: ERROR when PostgreSQL already gives up WAL the slot needs ({@code
   * wal_status} unreserved or lost), or the retained WAL reaches the error threshold or 80% of
   * {@code max_slot_wal_keep_size}; WARNING from the warning threshold or 50% of it.
   */
  public Level level(long retainedBytes, String walStatus, Long maxKeepBytes) {
    if ("unreserved".equals(walStatus) || "lost".equals(walStatus)) {
      return Level.ERROR;
    }
    if (retainedBytes >= errorBytes
        || (maxKeepBytes != null && retainedBytes >= maxKeepBytes * KEEP_ERROR)) {
      return Level.ERROR;
    }
    if (retainedBytes >= warningBytes
        || (maxKeepBytes != null && retainedBytes >= maxKeepBytes * KEEP_WARNING)) {
      return Level.WARNING;
    }
    return Level.OK;
  }

  /** What the operator should do at a level. */
  static String advice(Level level, String walStatus) {
    if ("lost".equals(walStatus)) {
      return "the slot lost WAL it needed: the migration cannot continue; run `pgcarry cleanup`"
          + " and start it again";
    }
    return switch (level) {
      case OK -> "";
      case WARNING ->
          "the slot retains much WAL: check that both connectors run (status, the log) and that"
              + " the source has disk to spare";
      case ERROR ->
          "the slot retains WAL close to the source's limit: make sure the connectors run and"
              + " catch up, or free disk on the source (max_slot_wal_keep_size invalidates the"
              + " slot when reached)";
    };
  }
}
