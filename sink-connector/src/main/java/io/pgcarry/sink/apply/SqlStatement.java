package io.pgcarry.sink.apply;

import java.util.List;

/**
 * A rendered statement and its parameters, each either a {@code String[]} bound as {@code text[]}
 * or a {@code String} bound as text. Never logged with its parameters.
 *
 * @param sql the statement text, with {@code ?} placeholders
 * @param parameters the values, in order
 */
public record SqlStatement(String sql, List<Object> parameters) {

  public SqlStatement {
    parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
  }
}
