package io.pgcarry.migrate;

/** The precheck found errors, so the migration did not start; nothing was touched. */
public final class PrecheckFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PrecheckFailed(String message) {
    super(message);
  }
}
