package io.pgcarry.status;

import io.pgcarry.local.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application's writes during {@link OperationsIT}: small updates of the migrated table {@code
 * item}, about twenty transactions a second, and bulk inserts into the unselected table {@code
 * busy}, about 2 MB of WAL a second, which is emptied now and then. Either can be stopped.
 */
final class Writes {

  private final LocalPostgres source;
  private final AtomicBoolean items = new AtomicBoolean(true);
  private final AtomicBoolean busy = new AtomicBoolean(true);
  private final Thread itemWriter;
  private final Thread busyWriter;
  private volatile Exception failure;

  Writes(LocalPostgres source) {
    this.source = source;
    this.itemWriter = new Thread(this::writeItems, "ops-it-items");
    this.busyWriter = new Thread(this::writeBusy, "ops-it-busy");
  }

  void start() {
    itemWriter.start();
    busyWriter.start();
  }

  /** Stops the writes to the migrated table; the unselected table goes on. */
  void stopItems() throws Exception {
    items.set(false);
    itemWriter.join();
    check();
  }

  /** Fails when the unselected table's writer stopped or failed. */
  void requireBusy() throws Exception {
    check();
    if (!busyWriter.isAlive()) {
      throw new IllegalStateException("the busy writer stopped early");
    }
  }

  void stopAll() throws Exception {
    items.set(false);
    busy.set(false);
    itemWriter.join();
    busyWriter.join();
    check();
  }

  private void check() throws Exception {
    if (failure != null) {
      throw failure;
    }
  }

  private void writeItems() {
    try (Connection c = source.connect("ops_it");
        PreparedStatement update =
            c.prepareStatement("UPDATE item SET name = 'renamed ' || ? WHERE id = ?")) {
      for (long n = 0; items.get(); n++) {
        update.setLong(1, n);
        update.setInt(2, (int) (1 + n % 2000));
        update.executeUpdate();
        Thread.sleep(50);
      }
    } catch (Exception e) {
      failure = e;
    }
  }

  private void writeBusy() {
    try (Connection c = source.connect("ops_it");
        Statement s = c.createStatement()) {
      for (long n = 1; busy.get(); n++) {
        s.execute("INSERT INTO busy (pad) SELECT repeat('x', 1000) FROM generate_series(1, 500)");
        if (n % 40 == 0) {
          s.execute("TRUNCATE busy");
        }
        Thread.sleep(200);
      }
    } catch (Exception e) {
      failure = e;
    }
  }
}
