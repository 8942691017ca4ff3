package io.pgcarry.schema.ddl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DdlRendererGoldenTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rendersTableWithIdentityGeneratedCollationChecksAndProperties() throws Exception {
    TableRenderer.Table table =
        new TableRenderer.Table(
            "shop.\"Order\"",
            true,
            List.of(
                column("id", "bigint", null, true, "a", false, true)
                    .withIdentity(
                        new TableRenderer.IdentitySequence(
                            "shop.\"Order_id_seq\"",
                            "bigint",
                            1,
                            1,
                            1,
                            9223372036854775807L,
                            1,
                            false,
                            Optional.of(false)))
                    .build(),
                column("\"select\"", "text", "'x'::text", false, null, false, true)
                    .withCollation("public.\"C\"")
                    .build(),
                column("gross", "numeric(12,2)", "(net * 1.2)", false, null, true, true).build(),
                column("net", "numeric(12,2)", null, true, null, false, true)
                    .withStorage("m")
                    .withStatistics(500)
                    .build()),
            List.of("CONSTRAINT net_positive CHECK ((net > (0)::numeric))"),
            List.of(),
            Optional.of("RANGE (id)"),
            Optional.empty(),
            false,
            Optional.empty(),
            List.of("fillfactor=70"),
            "f",
            true,
            true);
    Golden.assertMatches("table-partitioned.sql", script(TableRenderer.render(table)));
  }

  @Test
  void rendersInheritanceChildWithOnlyLocalColumnsAndInheritedDefaults() throws Exception {
    TableRenderer.Table child =
        new TableRenderer.Table(
            "fixture.car",
            false,
            List.of(
                column("id", "integer", null, true, null, false, false).build(),
                column("wheels", "integer", "4", false, null, false, false).build(),
                column("doors", "integer", "4", false, null, false, true).build()),
            List.of(),
            List.of("fixture.vehicle"),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            List.of(),
            "n",
            false,
            false);
    Golden.assertMatches("table-inherits.sql", script(TableRenderer.render(child)));
  }

  @Test
  void rendersSequenceWithEveryOption() throws Exception {
    Golden.assertMatches(
        "sequence.sql",
        SequenceRenderer.render(
                new SequenceRenderer.Sequence(
                    "fixture.ticket_seq", "integer", 100, 5, 100, 100000, 10, true, false))
            + ";\n");
  }

  @Test
  void rendersEnumCompositeRangeAndDomain() throws Exception {
    String sql =
        script(
            List.of(
                TypeRenderer.enumType("fixture.mood", List.of("sad", "it's complicated")),
                TypeRenderer.composite(
                    "fixture.pair",
                    List.of(
                        new TypeRenderer.Attribute("left", "integer", Optional.empty()),
                        new TypeRenderer.Attribute(
                            "Right Value", "text", Optional.of("fixture.posix")))),
                TypeRenderer.range(
                    "fixture.floatrange",
                    new TypeRenderer.RangeOptions(
                        "double precision",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("float8mi"),
                        Optional.of("fixture.float_multi"))),
                TypeRenderer.domain(
                    "fixture.positive",
                    new TypeRenderer.Domain(
                        "integer",
                        Optional.empty(),
                        Optional.of("1"),
                        true,
                        List.of("CONSTRAINT positive_check CHECK ((VALUE > 0))")))));
    Golden.assertMatches("types.sql", sql);
  }

  @Test
  void rendersAggregateOperatorAndCollation() throws Exception {
    String aggregate =
        AggregateRenderer.render(
            "public.group_concat",
            "text",
            JSON.readTree(
                "{\"sfunc\": \"public._group_concat\", \"stype\": \"text\","
                    + " \"agginitval\": null, \"aggkind\": \"n\", \"aggfinalmodify\": \"r\","
                    + " \"parallel\": \"u\"}"));
    String ordered =
        AggregateRenderer.render(
            "fixture.median",
            "ORDER BY double precision",
            JSON.readTree(
                "{\"sfunc\": \"fixture.acc\", \"stype\": \"double precision[]\","
                    + " \"finalfunc\": \"fixture.pick\", \"agginitval\": \"{}\","
                    + " \"aggkind\": \"o\", \"aggfinalmodify\": \"s\", \"parallel\": \"s\"}"));
    String operator =
        OperatorRenderer.render(
            new OperatorRenderer.Operator(
                "fixture.~=",
                "double precision",
                "double precision",
                "fixture.approx_eq",
                "OPERATOR(fixture.~=)",
                null,
                "eqsel",
                "eqjoinsel",
                false,
                false));
    String collation =
        CollationRenderer.render(
            "fixture.ci",
            JSON.readTree(
                "{\"collprovider\": \"i\", \"colliculocale\": \"und-u-ks-level2\","
                    + " \"collisdeterministic\": false}"));
    String libc =
        CollationRenderer.render(
            "fixture.posix",
            JSON.readTree(
                "{\"collprovider\": \"c\", \"collcollate\": \"POSIX\", \"collctype\": \"POSIX\","
                    + " \"collisdeterministic\": true}"));
    Golden.assertMatches(
        "routines-and-collations.sql",
        script(List.of(aggregate, ordered, operator, collation, libc)));
  }

  @Test
  void rendersForeignKeyFromPartsAndNotValidForLaterValidation() throws Exception {
    ForeignKeyRenderer.ForeignKey fk =
        new ForeignKeyRenderer.ForeignKey(
            "member_account_fk",
            "store.client_member",
            List.of("account_id", "\"Region\""),
            "store.client",
            List.of("id", "\"Region\""),
            "c",
            "n",
            "f",
            true,
            true);
    String definition = ForeignKeyRenderer.definition(fk);
    Golden.assertMatches(
        "foreign-key.sql",
        script(
            List.of(
                ForeignKeyRenderer.addConstraint(fk.table(), fk.name(), definition, false),
                ForeignKeyRenderer.addConstraint(fk.table(), fk.name(), definition, true))));
  }

  private static String script(List<String> statements) {
    StringBuilder out = new StringBuilder();
    statements.forEach(s -> out.append(s).append(";\n"));
    return out.toString();
  }

  private static ColumnBuilder column(
      String name,
      String type,
      String defaultExpr,
      boolean notNull,
      String identity,
      boolean generated,
      boolean local) {
    return new ColumnBuilder(name, type, defaultExpr, notNull, identity, generated, local);
  }

  /** Builds columns for the tests with only the attributes a test cares about. */
  private static final class ColumnBuilder {
    private final String name;
    private final String type;
    private final String defaultExpr;
    private final boolean notNull;
    private final String identity;
    private final boolean generated;
    private final boolean local;
    private TableRenderer.IdentitySequence sequence;
    private String collation;
    private String storage;
    private Integer statistics;

    ColumnBuilder(
        String name,
        String type,
        String defaultExpr,
        boolean notNull,
        String identity,
        boolean generated,
        boolean local) {
      this.name = name;
      this.type = type;
      this.defaultExpr = defaultExpr;
      this.notNull = notNull;
      this.identity = identity;
      this.generated = generated;
      this.local = local;
    }

    ColumnBuilder withIdentity(TableRenderer.IdentitySequence value) {
      sequence = value;
      return this;
    }

    ColumnBuilder withCollation(String value) {
      collation = value;
      return this;
    }

    ColumnBuilder withStorage(String value) {
      storage = value;
      return this;
    }

    ColumnBuilder withStatistics(int value) {
      statistics = value;
      return this;
    }

    TableRenderer.Column build() {
      return new TableRenderer.Column(
          name,
          type,
          Optional.ofNullable(collation),
          Optional.ofNullable(defaultExpr),
          notNull,
          Optional.ofNullable(identity),
          generated,
          local,
          !local,
          Optional.ofNullable(sequence),
          Optional.ofNullable(storage),
          Optional.ofNullable(statistics),
          List.of(),
          Optional.empty());
    }
  }
}
