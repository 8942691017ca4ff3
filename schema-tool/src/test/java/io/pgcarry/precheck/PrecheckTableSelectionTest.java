package io.pgcarry.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecheckTableSelectionTest {

  private static final TableId ORDERS = new TableId("shop", "orders");
  private static final TableId ORDER_LINES = new TableId("shop", "order_lines");
  private static final TableId AUDIT = new TableId("audit", "orders");
  private static final TableId PUBLIC_ORDERS = new TableId("public", "orders");

  @Test
  void takesEveryTableWhenNoPatternIsGiven() {
    assertThat(TableSelection.all().test(ORDERS)).isTrue();
    assertThat(TableSelection.all().test(new TableId("My Schema", "a*b"))).isTrue();
  }

  @Test
  void includesByGlobOnSchemaAndTable() {
    TableSelection selection = new TableSelection(List.of("shop.order*"), List.of());

    assertThat(selection.test(ORDERS)).isTrue();
    assertThat(selection.test(ORDER_LINES)).isTrue();
    assertThat(selection.test(AUDIT)).isFalse();
  }

  @Test
  void unqualifiedPatternNamesTablesInPublic() {
    TableSelection selection = new TableSelection(List.of("orders"), List.of());

    assertThat(selection.test(PUBLIC_ORDERS)).isTrue();
    assertThat(selection.test(ORDERS)).isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    TableSelection selection = new TableSelection(List.of("shop.*"), List.of("*.order_?ines"));

    assertThat(selection.test(ORDERS)).isTrue();
    assertThat(selection.test(ORDER_LINES)).isFalse();
  }

  @Test
  void matchesRegexCharactersLiterally() {
    TableSelection selection = new TableSelection(List.of("shop.a+b[1]"), List.of());

    assertThat(selection.test(new TableId("shop", "a+b[1]"))).isTrue();
    assertThat(selection.test(new TableId("shop", "aab1"))).isFalse();
  }

  @Test
  void rejectsPatternWithEmptySchemaOrTable() {
    assertThatThrownBy(() -> new TableSelection(List.of("shop."), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a table pattern");
    assertThatThrownBy(() -> new TableSelection(List.of(), List.of(".orders")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
