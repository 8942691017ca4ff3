package io.pgcarry.sink.apply;

import static io.pgcarry.sink.apply.Events.ITEMS;
import static io.pgcarry.sink.apply.Events.LOG;
import static io.pgcarry.sink.apply.Events.UNAVAILABLE;
import static io.pgcarry.sink.apply.Events.delete;
import static io.pgcarry.sink.apply.Events.event;
import static io.pgcarry.sink.apply.Events.insert;
import static io.pgcarry.sink.apply.Events.item;
import static io.pgcarry.sink.apply.Events.row;
import static io.pgcarry.sink.apply.Events.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.catalog.UniqueIndex;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyPlannerTest {

  private final ApplyPlanner planner = new ApplyPlanner(1000);

  @Test
  void compactsConsecutiveWritesOfOneKeyIntoTheLastStateWhenTheKeyIsTheOnlyUniqueIndex() {
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                insert(item(1, "a", "x")),
                insert(item(2, "b", "x")),
                update(null, item(1, "c", "x"))),
            Events.tables());

    assertThat(steps).extracting(ApplyStep::kind).containsExactly(StepKind.UPSERT);
    assertThat(names(steps.get(0).rows())).containsExactly("c", "b");
    assertThat(steps.get(0).positions()).hasSize(3);
  }

  @Test
  void keepsArrivalOrderAcrossKindsWhenAnotherUniqueIndexCouldCollide() {
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                insert(item(1, "a", "x")), delete(item(1, null, null)), insert(item(1, "b", "x"))),
            Map.of(ITEMS, itemsWithUniqueName()));

    assertThat(steps)
        .extracting(ApplyStep::kind)
        .containsExactly(StepKind.UPSERT, StepKind.DELETE, StepKind.UPSERT);
    assertThat(names(steps.get(2).rows())).containsExactly("b");
  }

  @Test
  void reducesEachKeyToItsNetEffectWhenTheKeyIsTheOnlyUniqueIndex() {
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                insert(item(1, "a", "x")),
                delete(item(1, null, null)),
                insert(item(1, "b", "x")),
                update(null, item(2, "c", UNAVAILABLE)),
                insert(item(3, "d", "x")),
                update(null, item(3, "e", UNAVAILABLE)),
                update(null, item(2, "f", UNAVAILABLE)),
                insert(item(4, "g", "x")),
                delete(item(4, null, null))),
            Events.tables());

    // Interleaved kinds, one statement per kind: key 4 deleted, 1 and 3 written whole (3's
    // unchanged body from its insert), 2's present columns updated with its last name.
    assertThat(steps)
        .extracting(s -> s.kind() + " " + names(s.rows()))
        .containsExactly("DELETE [null]", "UPSERT [b, e]", "UPDATE_PRESENT [f]");
    assertThat(steps.get(1).rows().get(1).text("body")).isEqualTo("x");
    assertThat(steps.get(2).columns()).containsExactly("id", "name");
    assertThat(steps).flatExtracting(ApplyStep::positions).hasSize(9);
  }

  @Test
  void endsTheNetRunAtAnUpdateThatCannotFollowWhatCameBeforeForItsKey() {
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                insert(item(1, "a", "x")),
                delete(item(2, null, null)),
                update(null, item(2, "b", UNAVAILABLE))),
            Events.tables());

    // An update after a delete of its key (which the source cannot send without an insert
    // between) is applied after the delete, so that the target refuses it if the row is gone.
    assertThat(steps)
        .extracting(s -> s.kind() + " " + names(s.rows()))
        .containsExactly("DELETE [null]", "UPSERT [a]", "UPDATE_PRESENT [b]");
  }

  @Test
  void turnsAnUpdateOfTheKeyIntoDeleteOfTheOldKeyAndUpsertOfTheNewRow() {
    List<ApplyStep> steps =
        planner.plan(List.of(update(item(1, "a", "x"), item(2, "a", "x"))), Events.tables());

    assertThat(steps).extracting(ApplyStep::kind).containsExactly(StepKind.DELETE, StepKind.UPSERT);
    assertThat(steps.get(0).rows().get(0).get("id").text()).isEqualTo("1");
    assertThat(steps.get(1).rows().get(0).get("id").text()).isEqualTo("2");
  }

  @Test
  void movesTheKeyInPlaceWhenUpdatedRowHasUnchangedToastValues() {
    List<ApplyStep> steps =
        planner.plan(
            List.of(update(item(1, "a", null), item(2, "a", UNAVAILABLE))), Events.tables());

    assertThat(steps)
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.kind()).isEqualTo(StepKind.MOVE_KEY);
              assertThat(step.columns()).containsExactly("id", "name");
              assertThat(step.oldRows().get(0).get("id").text()).isEqualTo("1");
            });
  }

  @Test
  void updatesOnlyPresentColumnsWhenAValueIsAnUnchangedToastValue() {
    List<ApplyStep> steps =
        planner.plan(List.of(update(null, item(1, "new", UNAVAILABLE))), Events.tables());

    assertThat(steps)
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.kind()).isEqualTo(StepKind.UPDATE_PRESENT);
              assertThat(step.columns()).containsExactly("id", "name");
            });
  }

  @Test
  void groupsEachTableInArrivalOrderAndTablesInOrderOfFirstAppearance() {
    Row entry = row("at", "2024-01-01", "doc", "{}");
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                event(LOG, ChangeKind.CREATE, null, entry),
                insert(item(1, "a", "x")),
                event(LOG, ChangeKind.CREATE, null, entry),
                delete(item(1, null, null))),
            Events.tables());

    assertThat(steps)
        .extracting(s -> s.table().id() + " " + s.kind())
        .containsExactly("public.log INSERT", "public.items DELETE");
    assertThat(steps.get(0).rows()).hasSize(2);
  }

  @Test
  void matchesOneRowAtATimeWhenTableHasNoKey() {
    Row entry = row("at", "2024-01-01", "doc", "{}");
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                event(LOG, ChangeKind.DELETE, entry, null),
                event(LOG, ChangeKind.DELETE, entry, null)),
            Events.tables());

    assertThat(steps)
        .extracting(ApplyStep::kind)
        .containsExactly(StepKind.DELETE_ONE, StepKind.DELETE_ONE);
  }

  @Test
  void refusesAnUpdateOfATableWithoutKeyThatCarriesNoOldRow() {
    Row entry = row("at", "2024-01-01", "doc", "{}");

    assertThatThrownBy(
            () ->
                planner.plan(List.of(event(LOG, ChangeKind.UPDATE, null, entry)), Events.tables()))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("public.log")
        .hasMessageContaining("ALTER TABLE public.log REPLICA IDENTITY FULL");
  }

  @Test
  void splitsRunsLongerThanTheStatementSize() {
    ApplyPlanner small = new ApplyPlanner(2);
    List<ApplyStep> steps =
        small.plan(
            List.of(
                insert(item(1, "a", "x")), insert(item(2, "a", "x")), insert(item(3, "a", "x"))),
            Events.tables());

    assertThat(steps).extracting(s -> s.rows().size()).containsExactly(2, 1);
  }

  @Test
  void copiesInitialSnapshotRowsAfterEmptyingTheTableAtTheSnapshotStart() {
    Row first = item(1, "a", "x");
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                snapshot(first, true),
                snapshot(item(2, "b", "x"), false),
                insert(item(3, "c", "x"))),
            Events.tables());

    assertThat(steps)
        .extracting(ApplyStep::kind)
        .containsExactly(StepKind.CLEAR, StepKind.COPY, StepKind.UPSERT);
    assertThat(steps.get(1).rows()).hasSize(2);
  }

  @Test
  void truncateEndsTheRunBeforeIt() {
    List<ApplyStep> steps =
        planner.plan(
            List.of(
                insert(item(1, "a", "x")),
                event(ITEMS, ChangeKind.TRUNCATE, null, null),
                insert(item(1, "b", "x"))),
            Events.tables());

    assertThat(steps)
        .extracting(ApplyStep::kind)
        .containsExactly(StepKind.UPSERT, StepKind.TRUNCATE, StepKind.UPSERT);
  }

  @Test
  void refusesColumnsTheTargetDoesNotHave() {
    assertThatThrownBy(
            () -> planner.plan(List.of(insert(row("id", "1", "extra", "x"))), Events.tables()))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("column extra of source table public.items does not exist");
  }

  private static io.pgcarry.sink.event.ChangeEvent snapshot(Row after, boolean first) {
    io.pgcarry.sink.event.ChangeEvent e = event(ITEMS, ChangeKind.READ, null, after);
    return new io.pgcarry.sink.event.ChangeEvent(
        e.table(), e.kind(), null, after, e.keyColumns(), e.source(), e.position(), first, true);
  }

  /** The items table with a unique index on name besides its key. */
  private static TargetTable itemsWithUniqueName() {
    TargetTable items = Events.ITEMS_TABLE;
    return new TargetTable(
        ITEMS,
        items.columns(),
        List.of("id"),
        List.of(),
        false,
        List.of(
            new UniqueIndex("items_pkey", "items_pkey", false, false, false, false, List.of("id")),
            new UniqueIndex(
                "items_name_key", "items_name_key", false, false, false, false, List.of("name"))));
  }

  private static List<String> names(List<Row> rows) {
    return rows.stream().map(r -> r.get("name").text()).toList();
  }
}
