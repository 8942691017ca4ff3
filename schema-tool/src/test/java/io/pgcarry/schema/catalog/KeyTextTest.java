package io.pgcarry.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.schema.ddl.TargetNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTextTest {

  private static final TableId CUSTOMER = new TableId("shop", "customer");
  private static final TargetNames NAMES =
      new TargetNames(
          NameMapping.parseJson(
              "{\"tables\": {\"shop.customer\": {\"columns\": {\"id\": \"Client Id\"},"
                  + " \"exclude_columns\": [\"code\"]}}}"));

  @Test
  void rebuildsPlainKeysWithRenamedColumns() {
    assertThat(KeyText.rebuild(NAMES, CUSTOMER, "PRIMARY KEY (id)", List.of("id")))
        .contains("PRIMARY KEY (\"Client Id\")");
    assertThat(
            KeyText.rebuild(
                NAMES,
                CUSTOMER,
                "UNIQUE (id, email) DEFERRABLE INITIALLY DEFERRED",
                List.of("id", "email")))
        .contains("UNIQUE (\"Client Id\", email) DEFERRABLE INITIALLY DEFERRED");
  }

  @Test
  void leavesAnythingElseToTheTextRewriter() {
    assertThat(KeyText.rebuild(NAMES, CUSTOMER, "PRIMARY KEY (id) INCLUDE (email)", List.of("id")))
        .isEmpty();
    assertThat(KeyText.rebuild(NAMES, CUSTOMER, "EXCLUDE USING gist (id WITH =)", List.of("id")))
        .isEmpty();
  }

  @Test
  void refusesAKeyOnALeftOutColumn() {
    assertThatThrownBy(() -> KeyText.rebuild(NAMES, CUSTOMER, "UNIQUE (code)", List.of("code")))
        .isInstanceOf(MappingConflict.class)
        .hasMessageContaining("leaves out");
  }
}
