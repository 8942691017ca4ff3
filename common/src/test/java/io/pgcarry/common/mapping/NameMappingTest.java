package io.pgcarry.common.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameMappingTest {

  private static final String SHOP =
      """
      {"schemas": {"shop": "store"},
       "tables": {"shop.customer": {"name": "client",
                                    "columns": {"created": "created_on"},
                                    "exclude_columns": ["secret"]},
                  "\\"Odd\\".\\"Big Table\\"": {"include_columns": ["id"]}}}
      """;

  @Test
  void mapsSchemaTableAndColumnNamesAndKeepsUnlistedOnes() {
    NameMapping mapping = NameMapping.parseJson(SHOP);
    TableId customer = new TableId("shop", "customer");

    assertThat(mapping.table(customer)).isEqualTo(new TableId("store", "client"));
    assertThat(mapping.table(new TableId("shop", "orders")))
        .isEqualTo(new TableId("store", "orders"));
    assertThat(mapping.table(new TableId("public", "x"))).isEqualTo(new TableId("public", "x"));
    assertThat(mapping.column(customer, "created")).isEqualTo("created_on");
    assertThat(mapping.column(customer, "id")).isEqualTo("id");
    assertThat(mapping.keepsNames(customer)).isFalse();
    assertThat(mapping.keepsNames(new TableId("public", "x"))).isTrue();
  }

  @Test
  void carriesColumnsByIncludeOrExcludeList() {
    NameMapping mapping = NameMapping.parseJson(SHOP);

    assertThat(mapping.carries(new TableId("shop", "customer"), "secret")).isFalse();
    assertThat(mapping.carries(new TableId("shop", "customer"), "full_name")).isTrue();
    assertThat(mapping.carries(new TableId("Odd", "Big Table"), "id")).isTrue();
    assertThat(mapping.carries(new TableId("Odd", "Big Table"), "other")).isFalse();
  }

  @Test
  void rejectsUnknownKeysNamingWhere() {
    assertThatThrownBy(() -> NameMapping.parseJson("{\"tables\": {\"a.b\": {\"nmae\": \"c\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'nmae' in tables.a.b");
  }

  @Test
  void rejectsTwoTablesMappedToTheSameTarget() {
    assertThatThrownBy(
            () ->
                NameMapping.parseJson(
                    "{\"tables\": {\"a.x\": {\"name\": \"y\"}, \"a.y\": {\"name\": \"y\"}}}"))
        .hasMessageContaining("both map to a.y");
  }

  @Test
  void rejectsIncludeAndExcludeListsTogether() {
    assertThatThrownBy(
            () ->
                NameMapping.parseJson(
                    "{\"tables\": {\"a.x\": {\"include_columns\": [\"i\"],"
                        + " \"exclude_columns\": [\"e\"]}}}"))
        .hasMessageContaining("not both");
  }

  @Test
  void renamesDatabasesAndRefusesTwoMappedToOne() {
    NameMapping mapping = NameMapping.parseJson("{\"databases\": {\"shop\": \"shop_v2\"}}");

    assertThat(mapping.database("shop")).isEqualTo("shop_v2");
    assertThat(mapping.database("crm")).isEqualTo("crm");
    assertThat(mapping.isIdentity()).as("no object inside a database is renamed").isTrue();
    assertThatThrownBy(() -> NameMapping.parseJson("{\"databases\": {\"a\": \"x\", \"b\": \"x\"}}"))
        .hasMessageContaining("two databases map to the same target database");
  }

  @Test
  void writesJsonThatReadsBackEqualWithHostileNames() {
    NameMapping mapping =
        NameMapping.parseJson(
            "{\"databases\": {\"Shop DB\": \"x\"}, \"schemas\": {\"a\\\"b\": \"order\"},"
                + " \"tables\": {\"\\\"odd.schema\\\".\\\"a\\\"\\\"b\\\"\": {\"name\": \"t\","
                + " \"columns\": {\"Ü\": \"u\"}, \"exclude_columns\": [\"z\", \"y\"]}}}");

    String json = mapping.toJson();

    assertThat(NameMapping.parseJson(json)).isEqualTo(mapping);
    assertThat(mapping.table(new TableId("odd.schema", "a\"b")))
        .isEqualTo(new TableId("odd.schema", "t"));
    assertThat(json).as("keys sorted, so equal mappings give equal text").contains("[\"y\",\"z\"]");
    assertThat(NameMapping.IDENTITY.toJson()).isEqualTo("{}");
  }

  @Test
  void keepsTheTargetNamesItSetsWhenTheSourceRenamesTablesAndColumns() {
    NameMapping mapping = NameMapping.parseJson(SHOP);
    TableId customer = new TableId("shop", "customer");
    TableId renamed = new TableId("shop", "clients");

    NameMapping after =
        mapping
            .withSourceTableRenamed(customer, renamed)
            .withSourceColumnRenamed(renamed, "created", "created_at")
            .withSourceColumnRenamed(renamed, "secret", "hidden")
            .withSourceColumnRenamed(renamed, "full_name", "name");

    assertThat(after.table(renamed)).isEqualTo(new TableId("store", "client"));
    assertThat(after.column(renamed, "created_at")).isEqualTo("created_on");
    assertThat(after.carries(renamed, "hidden")).isFalse();
    assertThat(after.column(renamed, "name")).as("no name of its own: follows").isEqualTo("name");
    assertThat(after.tables()).doesNotContainKey(customer);
    TableId plain = new TableId("shop", "orders");
    assertThat(mapping.withSourceTableRenamed(plain, new TableId("shop", "order_lines")))
        .as("an unmapped table follows the source")
        .isSameAs(mapping);
  }

  @Test
  void listsTheCarriedColumnsInTheirOrder() {
    NameMapping mapping = NameMapping.parseJson(SHOP);

    assertThat(
            mapping.carried(
                new TableId("shop", "customer"), List.of("id", "secret", "full_name", "created")))
        .containsExactly("id", "full_name", "created");
  }

  @Test
  void refusesRenamesIntoNamesThatAreRenamedInTurn() {
    assertThatThrownBy(() -> NameMapping.parseJson("{\"schemas\": {\"a\": \"b\", \"b\": \"c\"}}"))
        .hasMessageContaining("schema a is renamed to b, which is itself renamed");
    assertThatThrownBy(
            () ->
                NameMapping.parseJson(
                    "{\"tables\": {\"s.x\": {\"name\": \"y\"}, \"s.y\": {\"name\": \"z\"}}}"))
        .hasMessageContaining("which is itself renamed");
  }

  @Test
  void emptyDocumentIsTheIdentity() {
    assertThat(NameMapping.parseJson("null").isIdentity()).isTrue();
    assertThat(NameMapping.IDENTITY.table(new TableId("s", "t"))).isEqualTo(new TableId("s", "t"));
  }
}
