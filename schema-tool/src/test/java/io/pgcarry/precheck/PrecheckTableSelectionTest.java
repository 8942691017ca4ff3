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
  private static final TableId ODD = new TableId("My.Schema", "a*b");

  @Test
  void takesEveryTableWhenNoPatternIsGiven() {
    assertThat(TableSelection.all().test(ORDERS)).isTrue();
    assertThat(TableSelection.all().test(ODD)).isTrue();
  }

  @Test
  void includesByGlobOnSchemaAndTable() {
    TableSelection selection = new TableSelection(List.of("shop.order*"), List.of());

    assertThat(selection.test(ORDERS)).isTrue();
    assertThat(selection.test(ORDER_LINES)).isTrue();
    assertThat(selection.test(AUDIT)).isFalse();
  }

  @Test
  void unqualifiedPatternMatchesTheTableInAnySchema() {
    TableSelection selection = new TableSelection(List.of("orders"), List.of());

    assertThat(selection.test(ORDERS)).isTrue();
    assertThat(selection.test(AUDIT)).isTrue();
    assertThat(selection.test(ORDER_LINES)).isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    TableSelection selection = new TableSelection(List.of("shop.*"), List.of("*.order_?ines"));

    assertThat(selection.test(ORDERS)).isTrue();
    assertThat(selection.test(ORDER_LINES)).isFalse();
  }

  @Test
  void quotedPartsMatchDotsAndStarsLiterally() {
    TableSelection selection = new TableSelection(List.of("\"My.Schema\".\"a*b\""), List.of());

    assertThat(selection.test(ODD)).isTrue();
    assertThat(selection.test(new TableId("My.Schema", "axxb"))).isFalse();
  }

  @Test
  void rejectsPatternWithUnpairedQuote() {
    assertThatThrownBy(() -> new TableSelection(List.of("\"shop.orders"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a table pattern");
  }
}
