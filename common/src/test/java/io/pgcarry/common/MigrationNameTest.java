package io.pgcarry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

  @Test
  void namesEachDatabaseOfARunWithSlotsThatDoNotCollide() {
    MigrationName run = new MigrationName("move");

    List<MigrationName> names = run.perDatabase(List.of("shop", "Shop", "crm db", "ü".repeat(60)));

    assertThat(names)
        .extracting(MigrationName::value)
        .containsExactly("move_shop", "move_Shop_2", "move_crm_db", "move_" + "_".repeat(43));
    assertThat(names.stream().map(MigrationName::slotName).distinct()).hasSize(4);
  }

  @Test
  void theWayBackKeepsItsSuffixWithinTheLimitAndItsSlotNamesTheMigration() {
    String longest = "a".repeat(48);

    MigrationName reverse = new MigrationName(longest).fallback();

    assertThat(reverse.value()).hasSize(48).endsWith("_fallback").startsWith("a".repeat(39));
    assertThat(reverse.slotName().length()).isLessThanOrEqualTo(63);
    assertThat(MigrationName.ofFallbackSlot(new MigrationName("Shop-EU").fallback().slotName()))
        .contains("shop_eu");
    assertThat(MigrationName.ofFallbackSlot("pgcarry_shop")).isEmpty();
    assertThat(MigrationName.ofFallbackSlot("other_fallback")).isEmpty();
  }
}
