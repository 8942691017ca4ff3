package io.pgcarry.common.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
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
  void emptyDocumentIsTheIdentity() {
    assertThat(NameMapping.parseJson("null").isIdentity()).isTrue();
    assertThat(NameMapping.IDENTITY.table(new TableId("s", "t"))).isEqualTo(new TableId("s", "t"));
  }
}
