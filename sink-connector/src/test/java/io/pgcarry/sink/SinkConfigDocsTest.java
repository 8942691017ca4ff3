package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkConfigDocsTest {

  @Test
  void readmeHasTheReferenceGeneratedFromTheConfigDef() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(readme).contains(SinkConfigDocs.markdown());
  }

  @Test
  void parsesTypedValuesAndMasksTheUriPassword() {
    SinkConfig config =
        new SinkConfig(
            Map.of(
                "connection.uri", "postgresql://u:secret@h:5433/db",
                "migration.name", "m",
                "position.table", "\"My\".pos",
                "retry.backoff.ms", "250"));

    assertThat(config.positionTable().schema()).isEqualTo("My");
    assertThat(config.retryBackoff().toMillis()).isEqualTo(250);
    assertThat(config.connectionUri().toString()).doesNotContain("secret");
    assertThat(config.batchSize()).isEqualTo(5000);
  }

  @Test
  void parsesTheInlineNameMappingAndRejectsAMalformedOneNamingTheEntry() {
    SinkConfig config =
        new SinkConfig(
            Map.of(
                "connection.uri", "postgresql://u@h/db",
                "migration.name", "m",
                "name.mapping", "{\"schemas\": {\"public\": \"app\"}}"));

    assertThat(config.nameMapping().schema("public")).isEqualTo("app");
    assertThatThrownBy(
            () ->
                new SinkConfig(
                    Map.of(
                        "connection.uri", "postgresql://u@h/db",
                        "migration.name", "m",
                        "name.mapping", "{\"tables\": {\"a.b\": {\"nmae\": \"c\"}}}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("name.mapping")
        .hasMessageContaining("unknown key 'nmae' in tables.a.b");
    assertThat(new PgcarrySinkConnector().validate(Map.of("name.mapping", "[1]")).configValues())
        .filteredOn(value -> value.name().equals("name.mapping"))
        .singleElement()
        .satisfies(value -> assertThat(value.errorMessages()).isNotEmpty());
  }

  @Test
  void rejectsAnUnparsableUriWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                new SinkConfig(
                    Map.of("connection.uri", "mysql://u:secret@h/db", "migration.name", "m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connection.uri")
        .hasMessageNotContaining("secret");
  }
}
