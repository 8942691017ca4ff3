package io.pgcarry.migrate.probes;

import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the source or the target for the watching side of a migration, in autocommit,
 * opened on first use and again after it was lost (a server restart), so that a server that comes
 * back is seen again. Not thread-safe.
 */
public final class WatchSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WatchSession.class);

  private final PgUri uri;
  private final String side;
  private Connection connection;

  /**
   * @param side {@code source} or {@code target}, for messages
   */
  public WatchSession(PgUri uri, String side) {
    this.uri = uri;
    this.side = side;
  }

  /**
   * A live connection.
   *
   * @throws io.pgcarry.common.ConnectionFailure when the server cannot be reached
   */
  Connection get() throws SQLException {
    if (connection != null && !connection.isValid(5)) {
      close();
    }
    if (connection == null) {
      connection = Connections.open(uri, side);
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing the {} connection failed", side, e);
      }
      connection = null;
    }
  }
}
