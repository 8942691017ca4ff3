package io.pgcarry.migrate.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.DeferredKeyTable;
import io.pgcarry.common.stream.DeferredKeyTable.DeferredKey;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What cleanup leaves of pgcarry on a target that a migration's pre-data prepared and no sink ever
 * wrote to: the keys it recorded for two migrations, then nothing, not even the schema.
 */
class MigrationCleanupIT {

  private static final TableId ITEMS = new TableId("public", "items");

  @Test
  void forgetsTheKeysOfAMigrationThatNeverLoadedAndDropsTheirSchemaWithTheLast() throws Exception {
    LocalPostgres server = TestPostgres.target();
    server.recreateDatabase("cleanup_keys_it");
    DeferredKeyTable keys = DeferredKeyTable.beside(PositionTable.DEFAULT);
    DeferredKey key =
        new DeferredKey(ITEMS, 1, "CONSTRAINT items_pkey ON items", List.of("SELECT 1"));
    try (Connection target = server.connect("cleanup_keys_it")) {
      keys.create(target);
      keys.write(target, "a", List.of(key));
      keys.write(target, "b", List.of(key));

      String first =
          new MigrationCleanup(new MigrationName("a"), PositionTable.DEFAULT)
              .forgetPositions(target);
      assertThat(first).isEqualTo("no pgcarry positions on the target");
      assertThat(keys.read(target, "b")).containsExactly(key);

      String last =
          new MigrationCleanup(new MigrationName("b"), PositionTable.DEFAULT)
              .forgetPositions(target);
      assertThat(last)
          .isEqualTo("dropped pgcarry's deferred key table and schema pgcarry on the target");
      try (Statement s = target.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgcarry'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }
}
