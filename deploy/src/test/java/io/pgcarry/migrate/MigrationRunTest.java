package io.pgcarry.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationRunTest {

  private final MigrationSpec template =
      new MigrationSpec(
          "move",
          PgUri.parse("postgresql://repl:pw@src/postgres"),
          PgUri.parse("postgresql://admin:pw@dst/postgres"),
          List.of("public.*"),
          List.of(),
          NameMapping.parseJson("{\"databases\": {\"shop\": \"shop_v2\"}}"));

  @Test
  void givesEachDatabaseItsOwnNameSlotAndTargetDatabase() {
    MigrationRun run =
        MigrationRun.ofDatabases(
            template,
            RunSettings.embedded(Path.of("/tmp")),
            List.of("shop", "crm", "Crm"),
            false,
            true);

    assertThat(run.databases())
        .extracting(MigrationSpec::name)
        .containsExactly("move_shop", "move_crm", "move_Crm_2");
    assertThat(run.databases())
        .extracting(d -> d.source().database() + "->" + d.target().database())
        .containsExactly("shop->shop_v2", "crm->crm", "Crm->Crm");
    assertThat(run.databases().get(1).slotName()).isEqualTo("pgcarry_move_crm");
    assertThat(run.databases().get(1).includes()).containsExactly("public.*");
    assertThat(run.name()).isEqualTo("move");
    assertThat(run.streaming()).isFalse();
    assertThat(run.keepBookkeeping()).isTrue();
    assertThat(run.label(run.databases().get(0))).isEqualTo("shop: ");
  }

  @Test
  void aSingleDatabaseRunKeepsTheNamesOfOneMigration() {
    MigrationRun run = MigrationRun.of(template, RunSettings.embedded(Path.of("/tmp")));

    assertThat(run.databases()).containsExactly(template);
    assertThat(run.label(template)).isEmpty();
    assertThat(run.streaming()).isTrue();
    assertThatThrownBy(
            () ->
                new MigrationRun(
                    "move",
                    RunSettings.embedded(Path.of("/tmp")),
                    List.of(),
                    true,
                    false,
                    false,
                    DdlOptions.NONE,
                    0))
        .hasMessageContaining("no database");
  }
}
