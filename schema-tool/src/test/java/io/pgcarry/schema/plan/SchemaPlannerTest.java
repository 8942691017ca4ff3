package io.pgcarry.schema.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import io.pgcarry.schema.catalog.Catalog;
import io.pgcarry.schema.catalog.Dependency;
import io.pgcarry.schema.catalog.ServerInfo;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaPlannerTest {

  private static final SchemaObject SCHEMA = object(ObjectKind.SCHEMA, "s", null, 1);
  private static final SchemaObject TYPE = object(ObjectKind.TYPE, "s.t", null, 2);
  private static final SchemaObject FUNCTION = object(ObjectKind.FUNCTION, "s.f()", null, 3);
  private static final SchemaObject TABLE_A = object(ObjectKind.TABLE, "s.a", "a", 4);
  private static final SchemaObject TABLE_B = object(ObjectKind.TABLE, "s.b", "b", 5);
  private static final SchemaObject VIEW = object(ObjectKind.VIEW, "s.v", "v", 6);
  private static final SchemaObject SEQUENCE = object(ObjectKind.SEQUENCE, "s.seq", "seq", 7);
  private static final SchemaObject FK = object(ObjectKind.FOREIGN_KEY, "fk ON s.a", "a", 8);

  @Test
  void ordersByDependenciesThenKindThenName() {
    Catalog catalog =
        catalog(
            depends(TABLE_A, TYPE),
            depends(TYPE, SCHEMA),
            depends(VIEW, TABLE_B),
            depends(VIEW, FUNCTION),
            depends(TABLE_B, SEQUENCE),
            depends(FK, TABLE_B));

    SchemaPlan plan = SchemaPlanner.plan(catalog, Selection.all());

    assertThat(plan.objects())
        .containsExactly(SCHEMA, TYPE, FUNCTION, SEQUENCE, TABLE_A, TABLE_B, VIEW, FK);
  }

  @Test
  void ownedSequenceIsCreatedBeforeItsTableDespiteTheAutomaticDependency() {
    Catalog catalog =
        catalog(depends(TABLE_B, SEQUENCE), new Dependency(ref(SEQUENCE), ref(TABLE_B), true));

    List<SchemaObject> order = SchemaPlanner.plan(catalog, Selection.all()).objects();

    assertThat(order.indexOf(SEQUENCE)).isLessThan(order.indexOf(TABLE_B));
  }

  @Test
  void breaksACycleWithAWarning() {
    Catalog catalog = catalog(depends(FUNCTION, TABLE_A), depends(TABLE_A, FUNCTION));

    SchemaPlan plan = SchemaPlanner.plan(catalog, Selection.all());

    assertThat(plan.objects()).hasSize(8);
    assertThat(plan.warnings()).anyMatch(w -> w.startsWith("dependency cycle"));
  }

  @Test
  void pullsInSchemaLevelDependenciesButRefusesMissingTables() {
    Catalog catalog = catalog(depends(TABLE_A, FUNCTION), depends(FK, TABLE_B));

    SchemaPlan plan =
        SchemaPlanner.plan(
            catalog(depends(TABLE_A, FUNCTION)), new Selection(List.of("s.a"), List.of("x.*")));
    assertThat(plan.objects()).contains(TABLE_A, FUNCTION).doesNotContain(TABLE_B);

    assertThatThrownBy(() -> SchemaPlanner.plan(catalog, new Selection(List.of("s.a"), List.of())))
        .isInstanceOf(SelectionConflict.class)
        .hasMessageContaining("FOREIGN KEY fk ON s.a depends on TABLE s.b");
  }

  private static Catalog catalog(Dependency... dependencies) {
    return new Catalog(
        new ServerInfo(150000, "UTF8", "C", "C", Optional.empty(), Optional.empty()),
        List.of(FK, VIEW, TABLE_B, TABLE_A, SEQUENCE, FUNCTION, TYPE, SCHEMA),
        Map.of(),
        List.of(dependencies),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Set.of());
  }

  private static Dependency depends(SchemaObject from, SchemaObject to) {
    return new Dependency(ref(from), ref(to), false);
  }

  private static CatalogRef ref(SchemaObject object) {
    return object.refs().iterator().next();
  }

  private static SchemaObject object(ObjectKind kind, String name, String table, long oid) {
    return new SchemaObject(
        kind,
        name,
        "s",
        Optional.ofNullable(table).map(t -> new TableId("s", t)),
        List.of("-- " + name),
        Set.of(new CatalogRef("pg_test", oid)),
        Set.of());
  }
}
