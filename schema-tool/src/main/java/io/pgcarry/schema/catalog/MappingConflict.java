package io.pgcarry.schema.catalog;

/**
 * The name mapping cannot be applied safely to a dependent object; the message names the object and
 * what to change.
 */
public final class MappingConflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MappingConflict(String message) {
    super(message);
  }
}
