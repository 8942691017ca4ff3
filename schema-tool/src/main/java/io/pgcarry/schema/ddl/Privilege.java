package io.pgcarry.schema.ddl;

import java.util.Objects;
import java.util.Optional;

/**
 * One privilege on an object (or one of its columns) that differs from the built-in default.
 * Immutable.
 *
 * @param column the source column name for a column privilege; empty for the object itself
 * @param grantee the source role name; empty for {@code PUBLIC}
 * @param privilege the privilege keyword, such as {@code SELECT} or {@code EXECUTE}
 * @param grantable whether it is held {@code WITH GRANT OPTION}
 * @param revoke whether it is a default privilege the source has revoked
 */
public record Privilege(
    Optional<String> column,
    Optional<String> grantee,
    String privilege,
    boolean grantable,
    boolean revoke) {

  public Privilege {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(grantee, "grantee");
    Objects.requireNonNull(privilege, "privilege");
  }
}
