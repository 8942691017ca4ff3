package io.pgcarry.sink.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.catalog.TargetColumn;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.catalog.UniqueIndex;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.RecordPosition;
import io.pgcarry.sink.event.Row;
import io.pgcarry.sink.event.SourcePosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run-splitting rule against golden plans: for each source history (valid on a table {@code
 * u(id primary key, code, note)}), the steps the planner makes of it when {@code code} is unique in
 * some way, and when the key is the only unique index. Each golden file shows the history and the
 * plan; {@code UniqueConstraintIT} applies the same histories to a real target.
 */
class RunSplittingTest {

  private static final TableId U = new TableId("public", "u");
  private static final UniqueIndex PRIMARY_KEY =
      new UniqueIndex("u_pkey", "u_pkey", false, false, false, false, List.of("id"));
  private static final UniqueIndex CODE_UNIQUE =
      new UniqueIndex("u_code_key", "u_code_key", false, false, false, false, List.of("code"));

  private final ApplyPlanner planner = new ApplyPlanner(1000);
  private final List<ChangeEvent> history = new ArrayList<>();
  private long lsn = 0x1000;

  @Test
  void handsAUniqueValueOverInSourceOrderCuttingTheRunAtTheRepeatedKey() throws IOException {
    update(1, "tmp");
    update(2, "c1");
    update(1, "c2");

    assertPlan("unique-handoff", CODE_UNIQUE);
    assertThat(kinds(CODE_UNIQUE)).containsExactly("UPSERT 2", "UPSERT 1");
  }

  @Test
  void compactsTheSameHistoryWhenTheKeyIsTheOnlyUniqueIndex() throws IOException {
    update(1, "tmp");
    update(2, "c1");
    update(1, "c2");

    assertPlan("unique-handoff-key-only");
    assertThat(kinds()).containsExactly("UPSERT 2");
  }

  @Test
  void swapsTwoUniqueValuesThroughATemporaryValue() throws IOException {
    update(1, "tmp");
    update(2, "a");
    update(1, "b");

    assertPlan("swap-through-temporary", CODE_UNIQUE);
  }

  @Test
  void rotatesUniqueValuesInACycleOfThreeKeys() throws IOException {
    update(1, "tmp");
    update(3, "a");
    update(2, "c");
    update(1, "b");
    update(3, "a2");
    update(2, "c2");

    assertPlan("cycle-of-three", CODE_UNIQUE);
    assertThat(kinds(CODE_UNIQUE)).containsExactly("UPSERT 3", "UPSERT 3");
  }

  @Test
  void appliesAPrimaryKeyChangeBeforeAnotherRowTakesTheFreedKey() throws IOException {
    event(ChangeKind.UPDATE, row(1, "c1"), row(3, "c1"));
    insert(1, "c9");

    assertPlan("key-change-frees-key", CODE_UNIQUE);
    assertThat(kinds(CODE_UNIQUE)).containsExactly("DELETE 1", "UPSERT 2");
  }

  @Test
  void deletesBeforeAnotherKeyInsertsTheSameUniqueValue() throws IOException {
    delete(1, "c1");
    insert(2, "c1");
    delete(3, "c3");
    delete(4, "c4");
    insert(5, "c3");

    assertPlan("delete-then-insert-by-another-key", CODE_UNIQUE);
    assertThat(kinds(CODE_UNIQUE)).containsExactly("DELETE 1", "UPSERT 1", "DELETE 2", "UPSERT 1");
  }

  @Test
  void treatsAPartialUniqueIndexAsAUniqueIndex() throws IOException {
    update(1, "tmp");
    update(2, "c1");
    update(1, "c2");

    assertPlan(
        "partial-unique-index",
        new UniqueIndex("u_code_active", null, false, true, false, false, List.of("code")));
  }

  @Test
  void keepsSourceOrderForAnExclusionConstraintEvenOnKeyColumns() throws IOException {
    update(1, "tmp");
    update(2, "c1");
    update(1, "c2");

    assertPlan(
        "exclusion-constraint",
        new UniqueIndex("u_id_excl", "u_id_excl", true, false, false, false, List.of("id")));
  }

  @Test
  void ignoresAUniqueIndexThatTheKeyAlreadyImplies() throws IOException {
    update(1, "tmp");
    update(2, "c1");
    update(1, "c2");

    List<ApplyStep> steps =
        plan(new UniqueIndex("u_id_code", null, false, true, false, false, List.of("code", "id")));

    assertThat(steps).extracting(s -> s.rows().size()).containsExactly(2);
  }

  @Test
  void updatesPresentColumnsOneChangeAtATimeWhenOrderMatters() throws IOException {
    event(
        ChangeKind.UPDATE, null, Events.row("id", "1", "code", "tmp", "note", Events.UNAVAILABLE));
    event(ChangeKind.UPDATE, null, Events.row("id", "2", "code", "c1", "note", Events.UNAVAILABLE));

    assertPlan("update-present-one-at-a-time", CODE_UNIQUE);
    assertThat(kinds()).containsExactly("UPDATE_PRESENT 2");
  }

  private void assertPlan(String name, UniqueIndex... extra) throws IOException {
    PlanText.assertMatches(name, PlanText.of(history, plan(extra)));
  }

  private List<String> kinds(UniqueIndex... extra) {
    return plan(extra).stream().map(s -> s.kind() + " " + s.rows().size()).toList();
  }

  private List<ApplyStep> plan(UniqueIndex... extra) {
    List<UniqueIndex> unique = new ArrayList<>(List.of(PRIMARY_KEY));
    unique.addAll(List.of(extra));
    TargetTable table =
        new TargetTable(
            U,
            List.of(
                new TargetColumn("id", "integer", false, false),
                new TargetColumn("code", "text", false, false),
                new TargetColumn("note", "text", false, false)),
            List.of("id"),
            List.of(),
            false,
            unique);
    return planner.plan(history, Map.of(U, table));
  }

  private void update(int id, String code) {
    event(ChangeKind.UPDATE, null, row(id, code));
  }

  private void insert(int id, String code) {
    event(ChangeKind.CREATE, null, row(id, code));
  }

  private void delete(int id, String code) {
    event(ChangeKind.DELETE, row(id, code), null);
  }

  private static Row row(int id, String code) {
    return Events.row("id", Integer.toString(id), "code", code, "note", "n");
  }

  private void event(ChangeKind kind, Row before, Row after) {
    lsn += 0x10;
    history.add(
        new ChangeEvent(
            U,
            kind,
            before,
            after,
            List.of("id"),
            new SourcePosition(new Lsn(lsn), 0L, 700L, null, false),
            new RecordPosition("pgcarry.public.u", 0, history.size()),
            false,
            false));
  }
}
