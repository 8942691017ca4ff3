package io.pgcarry.schema.ddl;

/**
 * {@code CREATE SEQUENCE} with every option spelled out, so the target's defaults never matter.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createsequence.html">CREATE
 *     SEQUENCE</a>
 */
public final class SequenceRenderer {

  private SequenceRenderer() {}

  /**
   * A sequence.
   *
   * @param name quoted, qualified target name
   * @param type {@code smallint}, {@code integer} or {@code bigint}
   */
  public record Sequence(
      String name,
      String type,
      long start,
      long increment,
      long min,
      long max,
      long cache,
      boolean cycle,
      boolean unlogged) {}

  public static String render(Sequence s) {
    return "CREATE "
        + (s.unlogged() ? "UNLOGGED " : "")
        + "SEQUENCE "
        + s.name()
        + options(s.type(), s.start(), s.increment(), s.min(), s.max(), s.cache(), s.cycle());
  }

  /** The options, each on its own line, as CREATE SEQUENCE and identity columns take them. */
  public static String options(
      String type, long start, long increment, long min, long max, long cache, boolean cycle) {
    return "\n    AS " + type + settings(start, increment, min, max, cache, cycle);
  }

  /** The options but the type, as an identity column takes them (its type is the column's). */
  public static String settings(
      long start, long increment, long min, long max, long cache, boolean cycle) {
    return "\n    START WITH "
        + start
        + "\n    INCREMENT BY "
        + increment
        + "\n    MINVALUE "
        + min
        + "\n    MAXVALUE "
        + max
        + "\n    CACHE "
        + cache
        + (cycle ? "\n    CYCLE" : "\n    NO CYCLE");
  }
}
