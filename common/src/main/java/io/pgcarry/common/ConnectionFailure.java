package io.pgcarry.common;

/**
 * A database could not be reached, authenticated against, or found. The message names the server,
 * what went wrong, and what to do about it; it never contains a password.
 */
public class ConnectionFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConnectionFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
