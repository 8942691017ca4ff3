package io.pgcarry.sink.event;

/**
 * One column value of a row image, already in PostgreSQL's text input form.
 *
 * @param text the value as PostgreSQL text input, or null for SQL NULL (or when unavailable)
 * @param unavailable true when the source did not send the value (an unchanged TOAST value)
 */
public record Cell(String text, boolean unavailable) {

  private static final Cell NULL = new Cell(null, false);
  private static final Cell UNAVAILABLE = new Cell(null, true);

  /** A present value; {@code text} may be null for SQL NULL. */
  public static Cell of(String text) {
    return text == null ? NULL : new Cell(text, false);
  }

  /** A value the source left out because it did not change. */
  public static Cell unchangedToast() {
    return UNAVAILABLE;
  }

  /** Never includes the value, so a cell can appear in logs. */
  @Override
  public String toString() {
    return unavailable ? "Cell[unavailable]" : text == null ? "Cell[null]" : "Cell[value]";
  }
}
