package io.pgcarry.sink.value;

/** A Connect value that cannot be turned into PostgreSQL text; the message never has the value. */
public class ValueConversionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ValueConversionException(String message) {
    super(message);
  }

  public ValueConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
