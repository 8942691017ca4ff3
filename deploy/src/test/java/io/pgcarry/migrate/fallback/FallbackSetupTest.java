package io.pgcarry.migrate.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.MigrationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackSetupTest {

  private static final PgUri OLD = PgUri.parse("postgresql://app:pw@old-db:5432/shop");
  private static final PgUri NEW = PgUri.parse("postgresql://admin:pw@new-db:5432/shop");

  @Test
  void theWayBackRunsFromTheNewServerToTheOldOneUnderANameOfItsOwn() {
    MigrationSpec forward =
        new MigrationSpec("shop", OLD, NEW, List.of("public.*"), List.of(), NameMapping.IDENTITY);

    MigrationSpec reverse = FallbackSetup.reverse(forward);

    assertThat(reverse.name()).isEqualTo("shop_fallback");
    assertThat(reverse.source()).isEqualTo(NEW);
    assertThat(reverse.target()).isEqualTo(OLD);
    assertThat(reverse.slotName())
        .isEqualTo("pgcarry_shop_fallback")
        .isNotEqualTo(forward.slotName());
    assertThat(reverse.topicRegex()).isNotEqualTo(forward.topicRegex());
    assertThat(reverse.sourceConnectorName()).isEqualTo("pgcarry-shop_fallback-source");
  }

  @Test
  void aLongNameIsCutSoThatTheWayBackKeepsItsSuffixWithinTheLimit() {
    String longest = "a".repeat(48);

    MigrationName reverse = FallbackSetup.reverse(new MigrationName(longest));

    assertThat(reverse.value()).hasSize(48).endsWith("_fallback").startsWith("a".repeat(39));
    assertThat(reverse.slotName().length()).isLessThanOrEqualTo(63);
  }
}
