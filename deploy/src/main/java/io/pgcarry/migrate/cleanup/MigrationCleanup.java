package io.pgcarry.migrate.cleanup;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.ReplicationSlot;
import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.Relations;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.common.verify.ChunkResultTable;
import io.pgcarry.migrate.DdlCapture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Removes what a migration leaves on the servers: its replication slot, publication and DDL capture
 * on the source ({@link #endReplication}), its applied positions on the target. The one place that
 * decides to drop them, through their owners ({@link ReplicationSlot}, {@link PositionTable},
 * {@link DdlCapture}); cutover, the end of a run without streaming and {@code pgcarry cleanup} all
 * call it. Every method is idempotent. Thread-safe; connections are the caller's.
 */
public final class MigrationCleanup {

  /**
   * What ending a migration's replication on its source did.
   *
   * @param slotDropped whether there was a slot to drop
   * @param publication what became of the publication, one line for the operator
   * @param ddlCapture what became of the DDL capture, one line for the operator
   */
  public record Ended(boolean slotDropped, String publication, String ddlCapture) {

    /** Whether the publication stays, left to the role that owns it. */
    public boolean publicationKept() {
      return publication.startsWith("publication ");
    }
  }

  private static final SqlResource PUBLICATION_OWNER =
      SqlResource.load(MigrationCleanup.class, "publication-owner.sql");

  private final MigrationName name;
  private final PositionTable positions;
  private final ChunkResultTable chunks;
  private final DeferredKeyTable keys;

  /**
   * @param positionTable where the sink keeps the applied positions, and beside them the chunks of
   *     online verifications and the keys built after the tables' rows
   */
  public MigrationCleanup(MigrationName name, TableId positionTable) {
    this.name = name;
    this.positions = new PositionTable(positionTable);
    this.chunks = ChunkResultTable.beside(positionTable);
    this.keys = DeferredKeyTable.beside(positionTable);
  }

  /**
   * Ends the migration's replication in its source database: drops the slot, so nothing can later
   * overwrite the target, then the publication, then removes the DDL capture. Its connectors must
   * be gone first.
   *
   * @throws IllegalStateException when the slot is still in use ({@link #dropSlot})
   */
  public Ended endReplication(Connection source) throws SQLException, InterruptedException {
    boolean slot = dropSlot(source);
    String publication = dropPublication(source);
    return new Ended(slot, publication, dropDdlCapture(source));
  }

  /**
   * Drops the migration's replication slot in the source database. A connector's walsender can
   * outlive the connector by a moment, so it waits for the slot to be released ({@link
   * ReplicationSlot#awaitRelease}).
   *
   * @return whether there was a slot to drop
   * @throws IllegalStateException when the slot is still in use after that
   */
  private boolean dropSlot(Connection source) throws SQLException, InterruptedException {
    ReplicationSlot slot = new ReplicationSlot(name.slotName());
    Optional<ReplicationSlot.State> state = slot.awaitRelease(source);
    if (state.isPresent() && state.get().active()) {
      throw new IllegalStateException(
          "the replication slot "
              + slot
              + " is still in use by process "
              + state.get().activePid()
              + "; replication is still running, retry once it has stopped");
    }
    return slot.drop(source);
  }

  /**
   * Removes the migration's DDL capture ({@link DdlCapture}) from the source database, if it is
   * there.
   *
   * @return what was done, one line
   */
  private String dropDdlCapture(Connection source) throws SQLException {
    DdlCapture capture = DdlCapture.named(name);
    try (PreparedStatement ps =
        source.prepareStatement("SELECT 1 FROM pg_event_trigger WHERE evtname IN (?, ?)")) {
      ps.setString(1, capture.triggerName("end"));
      ps.setString(2, capture.triggerName("drop"));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "no DDL capture";
        }
      }
    }
    capture.remove(source);
    return "removed the DDL capture (event triggers "
        + capture.triggerName("end")
        + ", "
        + capture.triggerName("drop")
        + ")";
  }

  /**
   * Drops the migration's publication in the source database, if it exists and this role may. A
   * publication that its owner created for a migration role without the right to publish the tables
   * is left to the owner: with the slot gone it streams nothing, and the line returned gives the
   * statement to run.
   *
   * @return what was done, one line for the operator
   */
  private String dropPublication(Connection source) throws SQLException {
    String publication = name.publicationName();
    String drop = "DROP PUBLICATION IF EXISTS " + Identifier.quote(publication);
    try (PreparedStatement owner = source.prepareStatement(PUBLICATION_OWNER.text())) {
      owner.setString(1, publication);
      try (ResultSet rs = owner.executeQuery()) {
        if (!rs.next()) {
          return "no publication " + publication;
        }
        if (!rs.getBoolean("can_drop")) {
          return "publication "
              + publication
              + " belongs to role "
              + rs.getString("owner")
              + ", which created it: run "
              + drop
              + "; as that role (it publishes nothing once the slot is gone)";
        }
      }
    }
    try (Statement statement = source.createStatement()) {
      statement.execute(drop);
    }
    return "dropped publication " + publication;
  }

  /**
   * Deletes the migration's applied positions, verified chunks and keys left to build on the
   * target; once no migration has any left, drops the three tables, and their schema when nothing
   * else is in it (a schema of that name that holds other objects is the application's, and stays).
   *
   * @return what was done, one line for the operator
   */
  public String forgetPositions(Connection target) throws SQLException {
    boolean verified = chunks.exists(target);
    if (verified) {
      chunks.forget(target, name.value());
      if (chunks.isEmpty(target)) {
        chunks.drop(target);
        verified = false;
      }
    }
    boolean keysLeft = keys.exists(target);
    boolean keysDropped = false;
    if (keysLeft) {
      keys.forget(target, name.value());
      if (keys.isEmpty(target)) {
        keys.drop(target);
        keysLeft = false;
        keysDropped = true;
      }
    }
    if (!positions.exists(target)) {
      // Pre-data recorded keys, and no sink ever started: the schema is the deferred key table's.
      if (keysDropped && Relations.dropSchemaIfEmpty(target, positions.table().schema())) {
        return "dropped pgcarry's deferred key table and schema "
            + Identifier.quote(positions.table().schema())
            + " on the target";
      }
      return "no pgcarry positions on the target";
    }
    positions.forget(target, name.value());
    if (verified || keysLeft || !positions.isEmpty(target)) {
      return "deleted the positions of " + name + " on the target";
    }
    String schema = Identifier.quote(positions.table().schema());
    if (positions.drop(target)) {
      return "dropped pgcarry's position table and schema " + schema + " on the target";
    }
    return "dropped pgcarry's position table "
        + positions
        + " on the target; schema "
        + schema
        + " holds other objects and stays";
  }
}
