package io.pgcarry.migrate;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the target for the watching side of a migration, in autocommit, opened on first
 * use and again after it was lost (a target restart), so that a target that comes back is seen
 * again. Not thread-safe.
 */
final class TargetSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TargetSession.class);

  private final PgUri uri;
  private Connection connection;

  TargetSession(PgUri uri) {
    this.uri = uri;
  }

  /**
   * A live connection.
   *
   * @throws io.pgcarry.common.ConnectionFailure when the target cannot be reached
   */
  Connection get() throws SQLException {
    if (connection != null && !connection.isValid(5)) {
      close();
    }
    if (connection == null) {
      connection = Connections.open(uri, "target");
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing the target connection failed", e);
      }
      connection = null;
    }
  }
}
