package io.pgcarry.common.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads a query from a {@code .sql} resource next to the class that runs it. Stateless. */
public final class SqlResource {

  private SqlResource() {}

  /**
   * Reads {@code name}, relative to {@code owner}'s package.
   *
   * @throws IllegalStateException naming the missing resource
   */
  public static String load(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing SQL resource " + name + " beside " + owner.getName() + " (a build error)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SQL resource " + name, e);
    }
  }
}
