package io.pgcarry.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class LocalPostgresIT {

  @Test
  void startsLogicalReplicationCapableServer() throws Exception {
    LocalPostgres server = TestPostgres.source();
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW wal_level")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("logical");
    }
  }

  @Test
  void createsDatabasesAndDecodesThroughPgoutput() throws Exception {
    LocalPostgres server = TestPostgres.source();
    server.recreateDatabase("local_it");
    try (Connection connection = server.connect("local_it");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id int PRIMARY KEY)");
      statement.execute("CREATE PUBLICATION p FOR TABLE t");
      statement.execute("SELECT pg_create_logical_replication_slot('local_it', 'pgoutput')");
      statement.execute("INSERT INTO t VALUES (1)");
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM pg_logical_slot_get_binary_changes('local_it', NULL, NULL,"
                  + " 'proto_version', '1', 'publication_names', 'p')")) {
        rs.next();
        assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(3);
      }
      statement.execute("SELECT pg_drop_replication_slot('local_it')");
    }
  }
}
