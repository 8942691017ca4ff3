package io.pgcarry.source;

import java.util.Locale;

/** How the full load reaches the change topics. */
public enum SnapshotFormat {
  /** Rows in PostgreSQL's COPY text format, many per record, read in parallel chunks. */
  COPY,
  /** Debezium's own snapshot: one change event per row, {@code op} = {@code r}. */
  EVENTS,
  /**
   * No existing rows: the task streams from a slot that exists already, from its consistent point,
   * through the publication of the slot's name; whoever created the slot chose that point.
   */
  NONE;

  /** The configuration value. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a configuration value.
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static SnapshotFormat parse(String text) {
    for (SnapshotFormat format : values()) {
      if (format.value().equals(text)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a snapshot format; use copy, events or none");
  }
}
