package io.pgcarry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableSelectionTest {

  @Test
  void selectsEverythingWithoutPatterns() {
    assertThat(TableSelection.all().test(new TableId("a", "b"))).isTrue();
    assertThat(TableSelection.all().selectsSchema("a")).isTrue();
  }

  @Test
  void includesBySchemaGlobAndExcludesByName() {
    TableSelection selection = new TableSelection(List.of("sales.*"), List.of("sales.tmp_*"));

    assertThat(selection.test(new TableId("sales", "order"))).isTrue();
    assertThat(selection.test(new TableId("sales", "tmp_import"))).isFalse();
    assertThat(selection.test(new TableId("audit", "order"))).isFalse();
    assertThat(selection.selectsSchema("sales")).isTrue();
    assertThat(selection.selectsSchema("audit")).isFalse();
  }

  @Test
  void unqualifiedPatternMatchesEverySchemaAndRegexCharactersAreLiteral() {
    TableSelection selection = new TableSelection(List.of("a+b"), List.of());

    assertThat(selection.test(new TableId("public", "a+b"))).isTrue();
    assertThat(selection.test(new TableId("other", "a+b"))).isTrue();
    assertThat(selection.test(new TableId("public", "aab"))).isFalse();
  }

  @Test
  void excludingAWholeSchemaDropsItsObjects() {
    TableSelection selection = new TableSelection(List.of(), List.of("audit.*"));

    assertThat(selection.selectsSchema("audit")).isFalse();
    assertThat(selection.selectsSchema("sales")).isTrue();
  }

  @Test
  void givesThePatternsToTheServerAsLikePatterns() {
    TableSelection selection =
        new TableSelection(List.of("sales.ord?r*", "a_b%"), List.of("x\\y.*"));

    assertThat(selection.includeLikes())
        .containsExactly(
            new TableSelection.LikePattern("sales", "ord_r%"),
            new TableSelection.LikePattern("%", "a\\_b\\%"));
    assertThat(selection.excludeLikes())
        .containsExactly(new TableSelection.LikePattern("x\\\\y", "%"));
  }

  @Test
  void rejectsPatternsWithAnEmptyPart() {
    assertThatThrownBy(() -> new TableSelection(List.of("sales."), List.of()))
        .hasMessageContaining("'sales.' is not a table pattern");
  }
}
