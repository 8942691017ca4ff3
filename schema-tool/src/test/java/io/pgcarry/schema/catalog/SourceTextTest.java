package io.pgcarry.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.schema.ddl.TargetNames;
import org.junit.jupiter.api.Test;

class SourceTextTest {

  private static final TargetNames NAMES =
      new TargetNames(
          NameMapping.parseJson(
              "{\"schemas\": {\"shop\": \"store\"},"
                  + " \"tables\": {\"shop.customer\": {\"name\": \"client\","
                  + " \"columns\": {\"created\": \"created_on\"},"
                  + " \"exclude_columns\": [\"secret\"]}}}"));

  @Test
  void replacesRenamedSchemasAndTablesKeepingTheOldNameAsAlias() {
    String view =
        " SELECT customer.id, o.total\n   FROM (shop.customer\n     JOIN shop.orders o ON"
            + " ((o.customer_id = customer.id)))\n  WHERE (customer.full_name <> 'shop.customer')";

    String rewritten = SourceText.forTable(NAMES, new TableId("shop", "v"), view, "VIEW store.v");

    assertThat(rewritten)
        .isEqualTo(
            " SELECT customer.id, o.total\n   FROM (store.client customer\n     JOIN store.orders o"
                + " ON ((o.customer_id = customer.id)))\n  WHERE (customer.full_name <>"
                + " 'shop.customer')");
  }

  @Test
  void keepsAnExistingAliasAndTheIndexTableReference() {
    assertThat(
            SourceText.forTable(
                NAMES,
                new TableId("shop", "customer"),
                "CREATE INDEX i ON shop.customer USING btree (full_name)",
                "INDEX store.i"))
        .isEqualTo("CREATE INDEX i ON store.client USING btree (full_name)");
    assertThat(
            SourceText.forTable(
                NAMES,
                new TableId("shop", "v"),
                "SELECT c.id FROM shop.customer c",
                "VIEW store.v"))
        .isEqualTo("SELECT c.id FROM store.client c");
  }

  @Test
  void refusesTextThatUsesARenamedOrExcludedColumn() {
    assertThatThrownBy(
            () ->
                SourceText.forTable(
                    NAMES,
                    new TableId("shop", "customer"),
                    "CREATE INDEX i ON shop.customer USING btree (created)",
                    "INDEX store.i"))
        .isInstanceOf(MappingConflict.class)
        .hasMessageContaining("INDEX store.i refers to column created of shop.customer");
    assertThatThrownBy(
            () ->
                SourceText.forTable(
                    NAMES,
                    new TableId("shop", "v"),
                    "SELECT c.secret FROM shop.customer c",
                    "VIEW store.v"))
        .hasMessageContaining("leaves out");
  }

  @Test
  void renamesQualifiedNamesEverywhereButInOtherLiteralsAndFunctionBodies() {
    NameMapping mapping = NAMES.mapping();

    assertThat(
            SourceText.qualifiedNames(
                mapping,
                "CREATE TABLE store.client (id integer DEFAULT nextval('shop.client_id_seq'::regclass),"
                    + " kind shop.kind, note text DEFAULT 'shop.customer')"))
        .isEqualTo(
            "CREATE TABLE store.client (id integer DEFAULT nextval('store.client_id_seq'::regclass),"
                + " kind store.kind, note text DEFAULT 'shop.customer')");
    assertThat(
            SourceText.qualifiedNames(
                mapping,
                "CREATE FUNCTION shop.f(shop.customer) RETURNS integer AS $$ SELECT 1 FROM"
                    + " shop.customer $$ LANGUAGE sql"))
        .isEqualTo(
            "CREATE FUNCTION store.f(store.client) RETURNS integer AS $$ SELECT 1 FROM"
                + " shop.customer $$ LANGUAGE sql");
  }

  @Test
  void refusesATriggerThatNamesARenamedOrLeftOutColumnInItsArguments() {
    String trigger =
        "CREATE TRIGGER t BEFORE INSERT ON shop.customer FOR EACH ROW EXECUTE FUNCTION"
            + " tsvector_update_trigger('%s', 'pg_catalog.english', 'full_name')";

    assertThatThrownBy(
            () ->
                SourceText.checkTriggerArguments(
                    NAMES,
                    new TableId("shop", "customer"),
                    trigger.formatted("secret"),
                    "TRIGGER t"))
        .isInstanceOf(MappingConflict.class)
        .hasMessageContaining("passes the column name 'secret'")
        .hasMessageContaining("leaves out");
    SourceText.checkTriggerArguments(
        NAMES, new TableId("shop", "customer"), trigger.formatted("full_name"), "TRIGGER t");
  }

  @Test
  void leavesTextAloneWithoutMapping() {
    String text = "SELECT a.b FROM shop.customer a";
    assertThat(SourceText.forTable(TargetNames.identity(), new TableId("s", "t"), text, "x"))
        .isSameAs(text);
  }
}
