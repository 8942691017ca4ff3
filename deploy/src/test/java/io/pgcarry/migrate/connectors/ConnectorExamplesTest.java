package io.pgcarry.migrate.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.schema.catalog.SourceTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connector configurations in {@code config/examples/} are the ones {@code pgcarry migrate}
 * submits, generated from {@link ConnectorConfigs} with the secrets as file-provider references.
 * When the code changes them, regenerate with {@code -Dpgcarry.examples.write=true}.
 */
class ConnectorExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "config", "examples");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final MigrationSpec spec =
      new MigrationSpec(
          "shop",
          PgUri.parse(
              "postgresql://pgcarry_replicator:pw@old-db.internal:5432/shop?sslmode=require"),
          PgUri.parse("postgresql://pgcarry_writer:pw@new-db.internal:5432/shop?sslmode=require"),
          List.of(),
          List.of(),
          NameMapping.IDENTITY);
  private final ConnectorSecrets secrets =
      new ConnectorSecrets(Path.of("/opt/kafka/secrets/pgcarry.properties"));

  @Test
  void sourceExampleIsWhatMigrateSubmits() throws Exception {
    List<SourceTable> tables =
        List.of(
            table("sales", "order"),
            table("sales", "order_line"),
            table("sales", "customer"),
            table("catalog", "product"));

    check(
        "source-connector.json",
        spec.sourceConnectorName(),
        secrets.externalize(ConnectorConfigs.source(spec, tables)));
  }

  @Test
  void sinkExampleIsWhatMigrateSubmits() throws Exception {
    check(
        "sink-connector.json",
        spec.sinkConnectorName(),
        secrets.externalize(ConnectorConfigs.sink(spec)));
  }

  @Test
  void noSecretReachesAConfiguration() {
    assertThat(secrets.externalize(ConnectorConfigs.sink(spec)).toString())
        .doesNotContain(":pw@")
        .contains("${file:/opt/kafka/secrets/pgcarry.properties:target.uri}");
    assertThat(secrets.externalize(ConnectorConfigs.source(spec, List.of(table("a", "b")))))
        .containsEntry(
            "database.password", "${file:/opt/kafka/secrets/pgcarry.properties:source.password}");
  }

  private static void check(String file, String name, Map<String, String> config) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("config", config);
    String expected = JSON.writeValueAsString(body) + "\n";
    Path path = EXAMPLES.resolve(file);
    if (Boolean.getBoolean("pgcarry.examples.write")) {
      Files.writeString(path, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(path, StandardCharsets.UTF_8))
        .as(
            path
                + " differs from what migrate submits: run this test with"
                + " -Dpgcarry.examples.write=true")
        .isEqualTo(expected);
  }

  private static SourceTable table(String schema, String name) {
    return new SourceTable(new TableId(schema, name), false, 'd', true, false);
  }
}
