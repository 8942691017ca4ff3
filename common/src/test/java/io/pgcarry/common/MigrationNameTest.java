package io.pgcarry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationNameTest {

  @Test
  void derivesSlotAndPublicationInLowerCaseWithUnderscores() {
    MigrationName name = new MigrationName("Shop-EU_2");

    assertThat(name.slotName()).isEqualTo("pgcarry_shop_eu_2");
    assertThat(name.publicationName()).isEqualTo("pgcarry_shop_eu_2");
  }

  @Test
  void rejectsNamesThatCannotBecomePartOfTopicAndSlotNames() {
    assertThatThrownBy(() -> new MigrationName("bad name;drop"))
        .hasMessageContaining("migration name 'bad name;drop' is not usable");
    assertThatThrownBy(() -> new MigrationName("x".repeat(49))).hasMessageContaining("48");
    assertThatThrownBy(() -> new MigrationName(null)).hasMessageContaining("'null'");
  }
}
