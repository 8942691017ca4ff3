package io.pgcarry.common.sql;

import io.pgcarry.common.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * SQL kept in a {@code .sql} resource file next to the class that runs it: one query (or one
 * script) per file, opening with a comment header that says what it does and what its parameters
 * are. The one loader of such files. Immutable and thread-safe.
 *
 * @param path the resource's path on the class path, such as {@code io/pgcarry/verify/x.sql}
 * @param text the file's text, header included
 */
public record SqlResource(String path, String text) {

  public SqlResource {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }

  /**
   * Loads {@code name} from the package of {@code owner}.
   *
   * @throws IllegalStateException naming the file and the class that needs it when there is no such
   *     file on the class path (a packaging bug)
   */
  public static SqlResource load(Class<?> owner, String name) {
    String path = owner.getPackageName().replace('.', '/') + "/" + name;
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "SQL resource "
                + path
                + " is missing from the class path; "
                + owner.getName()
                + " cannot run without it");
      }
      return new SqlResource(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SQL resource " + path, e);
    }
  }

  /** The file's name without its package path, such as {@code x.sql}. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The text without the comment lines that open the file. */
  public String body() {
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      String line = text.substring(start, end < 0 ? text.length() : end).strip();
      if (!line.isEmpty() && !line.startsWith("--")) {
        break;
      }
      start = end < 0 ? text.length() : end + 1;
    }
    return text.substring(start);
  }

  /**
   * The body with its {@link String#format} placeholders filled in. Only for what cannot be a bound
   * parameter, such as an identifier, and every identifier quoted by the caller.
   */
  public String format(Object... arguments) {
    return String.format(body(), arguments);
  }

  /**
   * A statement of the body whose one placeholder is {@code table}, quoted, with {@code first}
   * bound as its first parameter: the bookkeeping tables' statements, each of one migration.
   */
  public PreparedStatement prepare(Connection connection, TableId table, String first)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(format(table.quoted()));
    try {
      statement.setString(1, first);
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }
}
