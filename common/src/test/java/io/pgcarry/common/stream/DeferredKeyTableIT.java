package io.pgcarry.common.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.DeferredKeyTable.DeferredKey;
import io.pgcarry.common.testing.Prepared;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deferred key table against a real server: every statement names only columns its definition
 * creates; objects written come back in order, per migration and per table; an object written twice
 * stays as first written; a table's objects built are gone, and cleanup forgets a migration.
 */
class DeferredKeyTableIT {

  private static final String DATABASE = "deferred_key_table_it";
  private static final TableId ITEMS = new TableId("public", "items");
  private static final TableId ORDERS = new TableId("sales \"q\"", "orders");

  private static LocalPostgres server;

  @BeforeAll
  static void database() throws SQLException {
    server = TestPostgres.target();
    server.recreateDatabase(DATABASE);
  }

  @Test
  void everyStatementNamesOnlyColumnsTheDefinitionCreates() throws Exception {
    DeferredKeyTable table = DeferredKeyTable.beside(new TableId("pgcarry \"it\"", "positions"));
    try (Connection c = server.connect(DATABASE)) {
      table.create(c);
      table.create(c);
      for (String file :
          List.of(
              "write-deferred-keys.sql",
              "read-deferred-keys.sql",
              "claim-deferred-keys.sql",
              "built-deferred-keys.sql",
              "forget-deferred-keys.sql")) {
        Prepared.check(
            c, SqlResource.load(DeferredKeyTable.class, file).format(table.table().quoted()));
      }
    }
  }

  @Test
  void writesReadsClaimsAndForgetsTheKeysOfEachMigration() throws Exception {
    DeferredKeyTable table = DeferredKeyTable.beside(PositionTable.DEFAULT);
    DeferredKey replicaIdentity =
        new DeferredKey(
            ITEMS,
            2,
            "REPLICA IDENTITY items",
            List.of("ALTER TABLE ONLY items REPLICA IDENTITY USING INDEX items_pkey"));
    DeferredKey primaryKey =
        new DeferredKey(
            ITEMS,
            1,
            "CONSTRAINT items_pkey ON items",
            List.of(
                "ALTER TABLE ONLY items ADD CONSTRAINT items_pkey PRIMARY KEY (id)",
                "COMMENT ON CONSTRAINT items_pkey ON items IS 'it''s the key'"));
    DeferredKey orders =
        new DeferredKey(ORDERS, 1, "INDEX orders_ref", List.of("CREATE UNIQUE INDEX …"));
    try (Connection c = server.connect(DATABASE)) {
      c.setAutoCommit(false);
      table.create(c);
      table.write(c, "m1", List.of(replicaIdentity, primaryKey, orders));
      table.write(c, "m2", List.of(primaryKey));
      // Written again by a pre-data step run again: the first stays; a new object is added, even
      // at a step another object has.
      table.write(
          c, "m1", List.of(new DeferredKey(ITEMS, 1, primaryKey.object(), List.of("SELECT 1"))));
      DeferredKey added =
          new DeferredKey(ITEMS, 1, "INDEX items_name", List.of("CREATE UNIQUE INDEX …"));
      table.write(c, "m1", List.of(added));

      assertThat(table.read(c, "m1")).containsExactly(primaryKey, added, replicaIdentity, orders);
      assertThat(table.claim(c, "m1", ITEMS)).containsExactly(primaryKey, added, replicaIdentity);

      table.built(c, "m1", ITEMS);
      assertThat(table.read(c, "m1")).containsExactly(orders);
      assertThat(table.read(c, "m2")).containsExactly(primaryKey);

      table.forget(c, "m1");
      assertThat(table.read(c, "m1")).isEmpty();
      assertThat(table.isEmpty(c)).isFalse();
      table.forget(c, "m2");
      assertThat(table.isEmpty(c)).isTrue();
      c.rollback();
    }
  }
}
