package io.pgcarry.migrate;

/**
 * Tables differ between source and target at the end of a run without streaming; the message names
 * them and what to do.
 */
public final class VerifyFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public VerifyFailed(String message) {
    super(message);
  }
}
