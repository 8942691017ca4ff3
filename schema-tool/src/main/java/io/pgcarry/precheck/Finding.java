package io.pgcarry.precheck;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing a precheck found. Immutable.
 *
 * @param level how serious it is
 * @param check the id of the {@link Check} that found it, such as {@code wal-level}
 * @param object what it is about: a server, a setting, a role or a quoted table name
 * @param message what is wrong and why it matters to the migration
 * @param fixSql SQL that fixes it, when there is such SQL; statements end with a semicolon
 */
public record Finding(
    Level level, String check, String object, String message, Optional<String> fixSql) {

  public Finding {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fixSql, "fixSql");
  }

  /** An error, with the SQL that fixes it or null when no SQL can. */
  public static Finding error(String check, String object, String message, String fixSql) {
    return new Finding(Level.ERROR, check, object, message, Optional.ofNullable(fixSql));
  }

  /** A warning, with the SQL that fixes it or null when no SQL can. */
  public static Finding warning(String check, String object, String message, String fixSql) {
    return new Finding(Level.WARNING, check, object, message, Optional.ofNullable(fixSql));
  }

  /** A fact worth knowing; nothing to fix. */
  public static Finding info(String check, String object, String message) {
    return new Finding(Level.INFO, check, object, message, Optional.empty());
  }
}
