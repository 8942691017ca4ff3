package io.pgcarry.migrate.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.DdlCapture;
import io.pgcarry.migrate.DdlOptions;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.RunSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The way back's names, and the checks of a cutover with --fallback that need no server. */
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
  void aRunOnAClusterOfItsOwnIsRefusedBeforeAnythingEndsWhetherOrNotItCapturesDdl() {
    MigrationSpec forward =
        new MigrationSpec("shop", OLD, NEW, List.of(), List.of(), NameMapping.IDENTITY);
    RunSettings cluster =
        new RunSettings(
            Path.of("/tmp"),
            List.of(URI.create("http://connect:8083")),
            Optional.of("kafka:9092"),
            Optional.of(Path.of("/etc/secrets")),
            Optional.empty());
    MigrationRun run =
        MigrationRun.of(forward, cluster).with(new DdlOptions(true, false, List.of()));

    assertThatThrownBy(() -> new FallbackSetup(run).check(List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot cut over with --fallback, nothing was ended")
        .hasMessageContaining("cut over without --fallback on a Connect cluster of your own")
        .hasMessageNotContaining("--capture-ddl");
  }

  @Test
  void theWayBackCapturesTheNewServersDdlUnderItsOwnNameOverTheSelectedTables() {
    MigrationSpec forward =
        new MigrationSpec(
            "shop", OLD, NEW, List.of("public.*"), List.of("public.audit"), NameMapping.IDENTITY);

    DdlCapture capture =
        FallbackSetup.reverseCapture(forward, new DdlOptions(true, true, List.of("0/16B3748")));

    assertThat(capture.name()).isEqualTo("shop_fallback");
    assertThat(capture.publication()).isEqualTo(FallbackSetup.reverse(forward).publicationName());
    assertThat(capture.triggerName("end")).isEqualTo("pgcarry_ddl_end_shop_fallback");
    assertThat(capture.selection().test(new TableId("public", "orders"))).isTrue();
    assertThat(capture.selection().test(new TableId("public", "audit"))).isFalse();
    assertThat(capture.selection().test(new TableId("other", "orders"))).isFalse();
    assertThat(capture.setReplicaIdentity()).isTrue();
    assertThat(capture.skip()).as("the forward run's skips are forward positions").isEmpty();
  }
}
