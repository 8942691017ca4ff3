package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import java.util.List;

/**
 * The name mapping cannot be applied safely to a dependent object; the message names the object and
 * what to change. The catalog reader records each one against the table the object belongs to
 * ({@link Conflict}), and the planner refuses the selected ones all at once, before anything is
 * created ({@link #of}).
 */
public final class MappingConflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MappingConflict(String message) {
    super(message);
  }

  /**
   * One dependent object the mapping cannot follow.
   *
   * @param table the source table (or view) the object belongs to, which decides whether it is
   *     selected
   * @param message what cannot follow the rename, and the fix
   */
  public record Conflict(TableId table, String message) {}

  /** The failure that names every conflict, one per line. */
  public static MappingConflict of(List<Conflict> conflicts) {
    if (conflicts.size() == 1) {
      return new MappingConflict(conflicts.get(0).message());
    }
    StringBuilder message =
        new StringBuilder("the mapping cannot be applied to ")
            .append(conflicts.size())
            .append(" objects, so nothing was created:");
    conflicts.forEach(c -> message.append("\n  ").append(c.message()));
    return new MappingConflict(message.toString());
  }
}
