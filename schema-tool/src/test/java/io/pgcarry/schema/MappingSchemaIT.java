package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import io.pgcarry.schema.catalog.MappingConflict;
import io.pgcarry.schema.plan.SelectionConflict;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MappingSchemaIT {

  private static LocalPostgres source;
  private static LocalPostgres target;

  @BeforeAll
  static void loadShop() throws Exception {
    source = TestPostgres.server("schema-src", 15);
    target = TestPostgres.server("schema-dst", 15);
    source.recreateDatabase("shop");
    source.psqlFile("shop", resource("shop.sql"));
  }

  @Test
  void renamesSchemaTableAndColumnLeavesOutAColumnAndKeepsTheViewAndForeignKeyWorking()
      throws Exception {
    Fixtures.drop(target, "store");
    SchemaMigrator migrator =
        new SchemaMigrator(options("store", List.of(), List.of(), "shop-mapping.yaml"));

    SchemaReport report = migrator.run(Phase.ALL, false);

    assertThat(report.created()).contains("TABLE store.client", "VIEW store.big_orders");
    assertThat(columns("store", "client")).containsExactly("id", "full_name", "created_on");
    try (Connection connection = target.connect("store");
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO store.client (id, full_name) VALUES (1, 'Ada')");
      statement.execute("INSERT INTO store.orders VALUES (10, 1, 500)");
      try (ResultSet rs = statement.executeQuery("SELECT full_name FROM store.big_orders")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("Ada");
      }
      assertThatThrownBy(() -> statement.execute("INSERT INTO store.orders VALUES (11, 2, 5)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("orders_customer_id_fkey");
      try (ResultSet rs =
          statement.executeQuery("SELECT col_description('store.client'::regclass, 3)")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("sign-up day");
      }
    }
    assertThat(migrator.run(Phase.ALL, false).created()).isEmpty();
  }

  @Test
  void namesEveryViewThatCannotFollowAColumnRenameAndGoesAheadWithoutThem() {
    SchemaMigrator migrator =
        new SchemaMigrator(options("store_conflict", List.of(), List.of(), "shop-conflict.yaml"));

    assertThatThrownBy(() -> migrator.run(Phase.PRE_DATA, true))
        .isInstanceOf(MappingConflict.class)
        .hasMessageContaining("cannot be applied to 2 objects")
        .hasMessageContaining("VIEW shop.big_orders")
        .hasMessageContaining("VIEW shop.customer_names")
        .hasMessageContaining("column full_name of shop.customer");

    SchemaMigrator withoutViews =
        new SchemaMigrator(
            options(
                "store_conflict",
                List.of(),
                List.of("shop.big_orders", "shop.customer_names"),
                "shop-conflict.yaml"));
    assertThat(withoutViews.run(Phase.ALL, true).created())
        .contains("TABLE shop.customer", "TABLE shop.orders")
        .noneMatch(created -> created.startsWith("VIEW"));
  }

  @Test
  void refusesASelectionThatLeavesOutAReferencedTable() {
    SchemaMigrator migrator =
        new SchemaMigrator(options("store_partial", List.of("shop.orders"), List.of(), null));

    assertThatThrownBy(() -> migrator.run(Phase.ALL, true))
        .isInstanceOf(SelectionConflict.class)
        .hasMessageContaining("shop.customer is not selected");
  }

  @Test
  void selectsTablesByPatternAndLeavesOutExcludedViews() {
    SchemaMigrator migrator =
        new SchemaMigrator(
            options("store_selected", List.of("shop.c*"), List.of("shop.customer_names"), null));

    assertThat(migrator.selectedTables()).containsExactly(new TableId("shop", "customer"));
    assertThat(migrator.run(Phase.ALL, true).created())
        .contains("TABLE shop.customer")
        .doesNotContain("VIEW shop.customer_names", "TABLE shop.orders");
  }

  private static List<String> columns(String database, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection connection = target.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'store."
                    + table
                    + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static SchemaOptions options(
      String targetDatabase, List<String> includes, List<String> excludes, String mapping) {
    return new SchemaOptions(
        PgUri.parse(source.uri("shop")),
        PgUri.parse(target.uri(targetDatabase)),
        includes,
        excludes,
        mapping == null ? NameMapping.IDENTITY : MappingFile.read(resource(mapping)),
        false);
  }

  private static Path resource(String name) {
    try {
      return Path.of(MappingSchemaIT.class.getResource("/mapping/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
