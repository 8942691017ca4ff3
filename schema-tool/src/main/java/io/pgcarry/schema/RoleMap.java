package io.pgcarry.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source role names to target role names, for carrying owners and privileges to a server whose
 * roles are named differently. A role not in the map keeps its name. Immutable.
 *
 * @param roles target role name by source role name
 */
public record RoleMap(Map<String, String> roles) {

  /** Keeps every role name. */
  public static final RoleMap IDENTITY = new RoleMap(Map.of());

  public RoleMap {
    roles = Map.copyOf(roles);
  }

  /**
   * Parses {@code source=target} entries, as given to {@code --role-map}.
   *
   * @throws IllegalArgumentException naming an entry without {@code =}, with an empty side, or
   *     mapping a source role a second time
   */
  public static RoleMap parse(List<String> entries) {
    Map<String, String> roles = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException(
            "role mapping '" + entry + "' is not source_role=target_role");
      }
      String source = entry.substring(0, equals);
      if (roles.putIfAbsent(source, entry.substring(equals + 1)) != null) {
        throw new IllegalArgumentException("role " + source + " is mapped twice");
      }
    }
    return new RoleMap(roles);
  }

  /** The target name of a source role. */
  public String target(String source) {
    return roles.getOrDefault(source, source);
  }
}
