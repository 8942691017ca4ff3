package io.pgcarry.schema;

/**
 * The schema could not be created on the target; the message names the object or database, what
 * failed, and what to do.
 */
public final class SchemaFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SchemaFailure(String message) {
    super(message);
  }

  public SchemaFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
