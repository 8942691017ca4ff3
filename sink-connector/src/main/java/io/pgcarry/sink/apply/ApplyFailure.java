package io.pgcarry.sink.apply;

/**
 * Applying a batch failed. The message says what, where and why, never with row values; {@link
 * #isTransient()} says whether trying the same batch again may succeed.
 */
public class ApplyFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  public ApplyFailure(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
