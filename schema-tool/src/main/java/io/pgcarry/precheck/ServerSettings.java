package io.pgcarry.precheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Some of a server's settings, read from {@code pg_settings}. Immutable.
 *
 * @param values setting name to raw value, absent when the server does not know the setting
 * @param units setting name to the unit its value counts in (such as {@code MB}), when it has one
 */
record ServerSettings(Map<String, String> values, Map<String, String> units) {

  private static final PrecheckQuery QUERY = PrecheckQuery.load("settings.sql");

  ServerSettings {
    values = Map.copyOf(values);
    units = Map.copyOf(units);
  }

  /** Reads the named settings. */
  static ServerSettings read(Connection connection, String... names) throws SQLException {
    Map<String, String> values = new HashMap<>();
    Map<String, String> units = new HashMap<>();
    List<String[]> rows =
        QUERY.list(
            connection,
            row ->
                new String[] {
                  row.getString("name"), row.getString("setting"), row.getString("unit")
                },
            (Object) names);
    for (String[] row : rows) {
      values.put(row[0], row[1]);
      if (row[2] != null) {
        units.put(row[0], row[2]);
      }
    }
    return new ServerSettings(values, units);
  }

  Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** An integer setting, absent when the server does not have it. */
  Optional<Long> number(String name) {
    return text(name).map(Long::parseLong);
  }

  /**
   * A size setting in bytes: its value times its unit ({@code kB}, {@code 8kB}, {@code MB}...);
   * negative values such as -1 are returned as they are.
   */
  Optional<Long> bytes(String name) {
    return number(name)
        .map(value -> value < 0 ? value : value * unitBytes(units.getOrDefault(name, "B")));
  }

  private static long unitBytes(String unit) {
    return switch (unit) {
      case "B" -> 1L;
      case "kB" -> 1024L;
      case "8kB" -> 8192L;
      case "16MB" -> 16L << 20;
      case "MB" -> 1L << 20;
      case "GB" -> 1L << 30;
      case "TB" -> 1L << 40;
      default -> throw new IllegalArgumentException("unknown size unit '" + unit + "'");
    };
  }
}
