package io.pgcarry.schema.plan;

/** The selection leaves out something a selected object needs; the message names both. */
public final class SelectionConflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SelectionConflict(String message) {
    super(message);
  }
}
