package io.pgcarry.common;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
  private static final String FALLBACK = "_fallback";
  private static final Pattern FALLBACK_SLOT = Pattern.compile("pgcarry_([a-z0-9_]+)" + FALLBACK);

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

  /**
   * The names of the per-database migrations of a run over several databases of one server: this
   * name, an underscore and the database's name, with characters a migration name does not allow as
   * underscores, cut to 48 characters. Replication slots are per server, so two databases whose
   * names would give the same slot get a number appended.
   *
   * @param databases the source databases, in order
   * @return one name per database, in the same order
   */
  public List<MigrationName> perDatabase(List<String> databases) {
    Set<String> slots = new HashSet<>();
    List<MigrationName> names = new ArrayList<>();
    for (String database : databases) {
      String base = value + "_" + database.replaceAll("[^A-Za-z0-9_-]", "_");
      String candidate = cut(base, "");
      for (int n = 2; !slots.add(new MigrationName(candidate).slotName()); n++) {
        candidate = cut(base, "_" + n);
      }
      names.add(new MigrationName(candidate));
    }
    return names;
  }

  /**
   * The name of this migration's way back after {@code cutover --fallback}: this name with {@code
   * _fallback}, cut to fit, so that its slot, publication, connectors and topics are its own.
   */
  public MigrationName fallback() {
    return new MigrationName(cut(value, FALLBACK));
  }

  /**
   * The migration whose way back a replication slot is, when it is named as one ({@code
   * pgcarry_NAME_fallback}): the name as the slot spells it (in lower case, dashes as underscores,
   * and cut when the name was longer than 39 characters).
   */
  public static Optional<String> ofFallbackSlot(String slot) {
    Matcher m = FALLBACK_SLOT.matcher(slot);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String cut(String base, String suffix) {
    int room = 48 - suffix.length();
    return (base.length() > room ? base.substring(0, room) : base) + suffix;
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
