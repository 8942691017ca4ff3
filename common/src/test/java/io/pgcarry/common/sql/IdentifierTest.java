package io.pgcarry.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import org.junit.jupiter.api.Test;

class IdentifierTest {

  @Test
  void leavesPlainLowerCaseNamesBare() {
    assertThat(Identifier.quote("orders_2024")).isEqualTo("orders_2024");
  }

  @Test
  void quotesReservedWordsMixedCaseAndUnicode() {
    assertThat(Identifier.quote("user")).isEqualTo("\"user\"");
    assertThat(Identifier.quote("Order")).isEqualTo("\"Order\"");
    assertThat(Identifier.quote("客户")).isEqualTo("\"客户\"");
  }

  @Test
  void doublesEmbeddedQuotesOfHostileNames() {
    assertThat(Identifier.quote("a\"b; drop table x;--")).isEqualTo("\"a\"\"b; drop table x;--\"");
  }

  @Test
  void rejectsEmptyAndNul() {
    assertThatThrownBy(() -> Identifier.quote("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifier.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesQuotedTableIds() {
    assertThat(TableId.parse("\"My.Schema\".\"t\"\"x\""))
        .isEqualTo(new TableId("My.Schema", "t\"x"));
    assertThat(TableId.parse("orders")).isEqualTo(new TableId("public", "orders"));
    assertThat(new TableId("s", "user").quoted()).isEqualTo("s.\"user\"");
  }
}
