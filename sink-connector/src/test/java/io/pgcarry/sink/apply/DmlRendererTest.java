package io.pgcarry.sink.apply;

import static io.pgcarry.sink.apply.Events.LOG;
import static io.pgcarry.sink.apply.Events.UNAVAILABLE;
import static io.pgcarry.sink.apply.Events.delete;
import static io.pgcarry.sink.apply.Events.event;
import static io.pgcarry.sink.apply.Events.insert;
import static io.pgcarry.sink.apply.Events.item;
import static io.pgcarry.sink.apply.Events.row;
import static io.pgcarry.sink.apply.Events.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.sink.catalog.TargetColumn;
import io.pgcarry.sink.catalog.TargetTable;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.ChangeKind;
import io.pgcarry.sink.event.FullLoadRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each statement kind against a golden file in src/test/resources/golden. */
class DmlRendererTest {

  private final DmlRenderer renderer = new DmlRenderer();
  private final ApplyPlanner planner = new ApplyPlanner(1000);

  @Test
  void rendersUpsertAsInsertFromUnnestOnConflictDoUpdate() throws IOException {
    ApplyStep step = only(insert(item(1, "a", "b")));

    SqlStatement statement = renderer.render(step);

    assertThat(statement.sql()).isEqualTo(golden("upsert.sql"));
    assertThat(statement.parameters())
        .containsExactly(new String[] {"1"}, new String[] {"a"}, new String[] {"b"});
  }

  @Test
  void writesCopyTextFormatWithEscapesAndNulls() {
    String data =
        DmlRenderer.copyData(
            List.of("id", "name", "body"), List.of(item(1, "a\tb\\c\nd\re", null)));

    assertThat(data).isEqualTo("1\ta\\tb\\\\c\\nd\\re\t\\N\n");
  }

  @Test
  void rendersUpdateOfPresentColumnsMatchedByKey() throws IOException {
    assertThat(renderer.render(only(update(null, item(1, "a", UNAVAILABLE)))).sql())
        .isEqualTo(golden("update-present.sql"));
  }

  @Test
  void rendersDeleteUsingUnnestOfKeys() throws IOException {
    assertThat(renderer.render(only(delete(item(1, null, null)))).sql())
        .isEqualTo(golden("delete.sql"));
  }

  @Test
  void rendersDeleteOfExactlyOneEqualRowForTableWithoutKey() throws IOException {
    SqlStatement statement =
        renderer.render(
            only(event(LOG, ChangeKind.DELETE, row("at", "2024-01-01", "doc", null), null)));

    assertThat(statement.sql()).isEqualTo(golden("delete-one.sql"));
    assertThat(statement.parameters()).containsExactly("2024-01-01", null);
  }

  @Test
  void rendersUpdateOfExactlyOneEqualRowForTableWithoutKey() throws IOException {
    assertThat(
            renderer
                .render(
                    only(
                        event(
                            LOG,
                            ChangeKind.UPDATE,
                            row("at", "2024-01-01", "doc", "{}"),
                            row("at", "2024-01-02", "doc", "[]"))))
                .sql())
        .isEqualTo(golden("update-one.sql"));
  }

  @Test
  void rendersInsertOverridingSystemValueAndQuotesHostileNames() throws IOException {
    TableId odd = new TableId("My Schema", "a\"b");
    TargetTable table =
        new TargetTable(
            odd,
            List.of(
                new TargetColumn("select", "integer", false, true),
                new TargetColumn("Ü", "\"My Schema\".mood", false, false)),
            List.of("select"),
            List.of());
    ChangeEvent event =
        new ChangeEvent(
            odd,
            ChangeKind.READ,
            null,
            row("select", "1", "Ü", "ok"),
            List.of("select"),
            io.pgcarry.sink.event.SourcePosition.NONE,
            new io.pgcarry.sink.event.RecordPosition("t", 0, 0),
            false,
            false);

    ApplyStep step = planner.plan(List.of(event), Map.of(odd, table)).get(0);

    assertThat(renderer.render(step).sql()).isEqualTo(golden("upsert-identity-hostile.sql"));
  }

  @Test
  void rendersTheLoadOfFullLoadRecordsAsCopyOfTheirColumns() throws IOException {
    TableId odd = new TableId("My Schema", "a\"b");
    TargetTable table =
        new TargetTable(
            odd,
            List.of(
                new TargetColumn("select", "integer", false, true),
                new TargetColumn("Ü", "text", false, false)),
            List.of(),
            List.of());
    FullLoadRecord load =
        new FullLoadRecord(
            FullLoadRecord.Kind.COPY,
            odd,
            Lsn.parse("0/10"),
            List.of("select", "Ü"),
            1,
            1,
            1,
            "1\tx\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            new io.pgcarry.sink.event.RecordPosition("t", 0, 0),
            false,
            null);

    List<ApplyStep> steps = planner.plan(List.of(load), Map.of(odd, table));

    assertThat(steps).extracting(ApplyStep::kind).containsExactly(StepKind.LOAD);
    assertThat(renderer.render(steps.get(0)).sql()).isEqualTo(golden("load-hostile.sql"));
    assertThat(renderer.render(steps.get(0)).parameters()).isEmpty();
  }

  private ApplyStep only(ChangeEvent event) {
    List<ApplyStep> steps = planner.plan(List.of(event), Events.tables());
    assertThat(steps).hasSize(1);
    return steps.get(0);
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = DmlRendererTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
