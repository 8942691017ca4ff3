package io.pgcarry.common;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a migration, and the names derived from it on the source. The one place that checks a
 * name and derives the replication slot and publication from it. Immutable.
 *
 * @param value letters, digits, underscore and dash, at most 48 characters, since it becomes part
 *     of topic, slot and publication names
 */
public record MigrationName(String value) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,47}");

  /**
   * @throws IllegalArgumentException naming the value and the rule when the name is not usable
   */
  public MigrationName {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "migration name '"
              + value
              + "' is not usable: use 1 to 48 letters, digits, '_' or '-' (pass --name)");
    }
  }

  /**
   * The replication slot on the source: {@code pgcarry_} and the name in lower case with dashes as
   * underscores, which is what a slot name allows.
   */
  public String slotName() {
    return "pgcarry_" + value.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** The publication on the source; it has the slot's name. */
  public String publicationName() {
    return slotName();
  }

  @Override
  public String toString() {
    return value;
  }
}
