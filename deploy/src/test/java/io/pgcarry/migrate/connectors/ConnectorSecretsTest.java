package io.pgcarry.migrate.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.MigrationRun;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.RunSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorSecretsTest {

  private final MigrationSpec template =
      new MigrationSpec(
          "move",
          PgUri.parse("postgresql://repl:source-pw@src/postgres"),
          PgUri.parse("postgresql://admin:target-pw@dst/postgres"),
          List.of(),
          List.of(),
          NameMapping.parseJson("{\"databases\": {\"shop\": \"shop_v2\"}}"));

  @TempDir Path dir;

  @Test
  void aSingleDatabaseRunKeepsTheDocumentedKeys() throws Exception {
    MigrationSpec spec = MigrationRun.of(template, RunSettings.embedded(dir)).databases().get(0);
    ConnectorSecrets secrets = new ConnectorSecrets(dir.resolve("secrets.properties"));
    secrets.write(spec.name(), List.of(spec));

    Properties written = read(secrets.file());
    assertThat(written.stringPropertyNames())
        .containsExactlyInAnyOrder(ConnectorSecrets.SOURCE_PASSWORD, ConnectorSecrets.TARGET_URI);
    assertThat(secrets.externalize(spec, ConnectorConfigs.sink(spec)))
        .containsEntry("connection.uri", secrets.reference(ConnectorSecrets.TARGET_URI));
  }

  @Test
  void eachDatabaseOfASeveralDatabaseRunHasKeysOfItsOwn() throws Exception {
    MigrationRun run =
        MigrationRun.ofDatabases(
            template, RunSettings.embedded(dir), List.of("shop", "crm"), true, false);
    ConnectorSecrets secrets = new ConnectorSecrets(dir.resolve("secrets.properties"), true);
    secrets.write(run.name(), run.databases());

    Properties written = read(secrets.file());
    assertThat(written.stringPropertyNames())
        .containsExactlyInAnyOrder(
            "move_shop.source.password",
            "move_shop.target.uri",
            "move_crm.source.password",
            "move_crm.target.uri");
    assertThat(PgUri.parse(written.getProperty("move_shop.target.uri")).database())
        .isEqualTo("shop_v2");
    assertThat(PgUri.parse(written.getProperty("move_crm.target.uri")).database()).isEqualTo("crm");

    MigrationSpec crm = run.databases().get(1);
    assertThat(secrets.externalize(crm, ConnectorConfigs.sink(crm)))
        .containsEntry("connection.uri", secrets.reference("move_crm.target.uri"))
        .doesNotContainValue(crm.target().toUriString());
  }

  private static Properties read(Path file) throws Exception {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    return props;
  }
}
