package io.pgcarry.source.snapshot;

import io.pgcarry.common.Connections;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.PgUri;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical replication slot created together with an exported snapshot: the snapshot shows every
 * transaction committed before the slot's consistent point and none after it, and the slot streams
 * exactly the transactions committed after it. The snapshot lives as long as this object's
 * replication connection stays open and idle; workers import it with {@code SET TRANSACTION
 * SNAPSHOT}. Not thread-safe; close it before anything else streams from the slot.
 *
 * @see <a
 *     href="https://www.postgresql.org/docs/current/protocol-replication.html#PROTOCOL-REPLICATION-CREATE-REPLICATION-SLOT">CREATE_REPLICATION_SLOT</a>
 */
public final class ExportedSnapshot implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExportedSnapshot.class);

  private final Connection replication;
  private final Lsn consistentPoint;
  private final String snapshotName;

  private ExportedSnapshot(Connection replication, Lsn consistentPoint, String snapshotName) {
    this.replication = replication;
    this.consistentPoint = consistentPoint;
    this.snapshotName = snapshotName;
  }

  /**
   * Creates the slot, with pgoutput, and exports its snapshot. The slot must not exist.
   *
   * @param slot the slot name (Debezium restricts it to lower-case letters, digits and _)
   */
  public static ExportedSnapshot create(PgUri source, String slot) throws SQLException {
    Map<String, String> parameters = new HashMap<>(source.parameters());
    parameters.put("replication", "database");
    parameters.put("preferQueryMode", "simple");
    parameters.put("assumeMinServerVersion", "10");
    Connection connection =
        Connections.open(
            new PgUri(
                source.user(),
                source.password(),
                source.host(),
                source.port(),
                source.database(),
                parameters),
            "source");
    try (Statement statement = connection.createStatement();
        // The syntax of PostgreSQL 10 to 14, which later majors still accept.
        ResultSet rs =
            statement.executeQuery(
                "CREATE_REPLICATION_SLOT " + slot + " LOGICAL pgoutput EXPORT_SNAPSHOT")) {
      rs.next();
      Lsn point = Lsn.parse(rs.getString("consistent_point"));
      String name = rs.getString("snapshot_name");
      LOG.info("Created slot {} at {} with exported snapshot {}", slot, point, name);
      return new ExportedSnapshot(connection, point, name);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The LSN from which the slot streams; also names this snapshot. */
  public Lsn consistentPoint() {
    return consistentPoint;
  }

  /** The name to import with {@code SET TRANSACTION SNAPSHOT}. */
  public String snapshotName() {
    return snapshotName;
  }

  /** Ends the snapshot's export and frees the slot for streaming. */
  @Override
  public void close() {
    try {
      replication.close();
    } catch (SQLException e) {
      LOG.debug("Closing the replication connection failed", e);
    }
  }
}
