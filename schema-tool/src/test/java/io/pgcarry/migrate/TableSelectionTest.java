package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableSelectionTest {

  @Test
  void selectsEverythingWithoutPatterns() {
    assertThat(new TableSelection(List.of(), List.of()).test(new TableId("a", "b"))).isTrue();
  }

  @Test
  void includesBySchemaGlobAndExcludesByName() {
    TableSelection selection = new TableSelection(List.of("sales.*"), List.of("sales.tmp_*"));

    assertThat(selection.test(new TableId("sales", "order"))).isTrue();
    assertThat(selection.test(new TableId("sales", "tmp_import"))).isFalse();
    assertThat(selection.test(new TableId("audit", "order"))).isFalse();
  }

  @Test
  void unqualifiedPatternMeansPublicAndRegexCharactersAreLiteral() {
    TableSelection selection = new TableSelection(List.of("a+b"), List.of());

    assertThat(selection.test(new TableId("public", "a+b"))).isTrue();
    assertThat(selection.test(new TableId("public", "aab"))).isFalse();
  }
}
