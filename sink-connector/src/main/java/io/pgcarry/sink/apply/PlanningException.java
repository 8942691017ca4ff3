package io.pgcarry.sink.apply;

/** Changes that cannot be applied correctly; the message names the table and the fix. */
public class PlanningException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PlanningException(String message) {
    super(message);
  }
}
