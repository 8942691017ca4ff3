package io.pgcarry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.sql.SqlStates;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicationSlotIT {

  private static final String DATABASE = "replication_slot_it";
  private static LocalPostgres server;

  @BeforeAll
  static void database() throws SQLException {
    server = TestPostgres.source();
    server.recreateDatabase(DATABASE);
  }

  @Test
  void readsAndDropsASlotNoProcessUsesOnlyInItsOwnDatabase() throws Exception {
    ReplicationSlot slot = new ReplicationSlot("pgcarry_slot_it_idle");
    try (Connection c = server.connect(DATABASE);
        Connection other = server.connect("postgres")) {
      query(c, "SELECT pg_create_logical_replication_slot('pgcarry_slot_it_idle', 'pgoutput')");

      ReplicationSlot.State state = slot.state(c).orElseThrow();
      assertThat(state.active()).isFalse();
      assertThat(state.activePid()).isNull();
      assertThat(state.confirmedFlush()).isNotNull();
      assertThat(state.lost()).isFalse();
      assertThat(slot.awaitRelease(c)).contains(state);
      assertThat(slot.state(other)).isEmpty();
      assertThat(slot.drop(other)).isFalse();

      assertThat(slot.drop(c)).isTrue();
      assertThat(slot.state(c)).isEmpty();
      assertThat(slot.awaitRelease(c)).isEmpty();
      assertThat(slot.drop(c)).isFalse();
    }
  }

  @Test
  void refusesToDropASlotInUseAndWaitsUntilItsSessionEnds() throws Exception {
    ReplicationSlot slot = new ReplicationSlot("pgcarry_slot_it_held");
    Connection holder = server.connect(DATABASE);
    try (Connection c = server.connect(DATABASE)) {
      // A temporary slot belongs to the session that created it until that session ends.
      query(
          holder,
          "SELECT pg_create_logical_replication_slot('pgcarry_slot_it_held', 'pgoutput', true)");
      int pid = Integer.parseInt(query(holder, "SELECT pg_backend_pid()"));

      Optional<ReplicationSlot.State> held = slot.state(c);
      assertThat(held).hasValueSatisfying(s -> assertThat(s.active()).isTrue());
      assertThat(held.get().activePid()).isEqualTo(pid);
      assertThatThrownBy(() -> slot.drop(c))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> assertThat(SqlStates.is(e, SqlStates.OBJECT_IN_USE)).isTrue());

      CompletableFuture<Void> end =
          CompletableFuture.runAsync(
              () -> {
                try {
                  holder.close();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              },
              CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
      long start = System.nanoTime();
      Optional<ReplicationSlot.State> released = slot.awaitRelease(c);
      end.join();

      // The temporary slot went with its session.
      assertThat(released).isEmpty();
      assertThat(System.nanoTime() - start).isLessThan(ReplicationSlot.RELEASE_TIMEOUT.toNanos());
    } finally {
      holder.close();
    }
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
