package io.pgcarry.schema.catalog;

/** The source or target catalog could not be read; the message names the query. */
public final class CatalogReadFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CatalogReadFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
