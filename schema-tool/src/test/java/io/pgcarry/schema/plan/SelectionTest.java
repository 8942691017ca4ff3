package io.pgcarry.schema.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  @Test
  void includesByGlobAndExcludeWins() {
    Selection selection =
        new Selection(List.of("public.pay*", "sales.*"), List.of("*.payment_old"));

    assertThat(selection.selectsTable(new TableId("public", "payment"))).isTrue();
    assertThat(selection.selectsTable(new TableId("public", "payment_old"))).isFalse();
    assertThat(selection.selectsTable(new TableId("sales", "x"))).isTrue();
    assertThat(selection.selectsTable(new TableId("public", "film"))).isFalse();
    assertThat(selection.selectsSchema("sales")).isTrue();
    assertThat(selection.selectsSchema("hr")).isFalse();
  }

  @Test
  void excludingSchemaWildcardLeavesOutItsSchemaLevelObjects() {
    Selection selection = new Selection(List.of(), List.of("legacy.*", "public.t?"));

    assertThat(selection.selectsSchema("legacy")).isFalse();
    assertThat(selection.selectsSchema("public")).isTrue();
    assertThat(selection.selectsTable(new TableId("public", "t1"))).isFalse();
    assertThat(selection.selectsTable(new TableId("public", "t12"))).isTrue();
    assertThat(selection.selectsTable(new TableId("public", "a.b"))).isTrue();
  }

  @Test
  void patternWithoutDotMatchesTheTableInEverySchema() {
    Selection selection = new Selection(List.of("actor"), List.of());

    assertThat(selection.selectsTable(new TableId("public", "actor"))).isTrue();
    assertThat(selection.selectsTable(new TableId("other", "actor"))).isTrue();
    assertThatThrownBy(() -> new Selection(List.of("public."), List.of()))
        .hasMessageContaining("schema.table");
  }
}
