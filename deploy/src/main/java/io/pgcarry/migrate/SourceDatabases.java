package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The databases of a source server that {@code migrate --all-databases} takes. Stateless. */
public final class SourceDatabases {

  private static final SqlResource QUERY =
      SqlResource.load(SourceDatabases.class, "source-databases.sql");

  private SourceDatabases() {}

  /** Every database of the server of {@code server} that is not a template, by name. */
  public static List<String> list(PgUri server) throws SQLException {
    List<String> databases = new ArrayList<>();
    try (Connection connection = Connections.open(server, "source");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(QUERY.text())) {
      while (rs.next()) {
        databases.add(rs.getString(1));
      }
    }
    return databases;
  }
}
