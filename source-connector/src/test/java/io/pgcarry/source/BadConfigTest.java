package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz-style wrong configurations of the source connector: pgcarry's own keys with wrong types or
 * out of range, and the connection keys the full load reads itself. Connect's validation names the
 * key and never throws; the task's start refuses them with a ConfigException naming the key, never
 * a NumberFormatException.
 */
class BadConfigTest {

  static Stream<Object[]> wrongValues() {
    return Stream.of(
        new Object[] {"snapshot.format", "parquet"},
        new Object[] {"snapshot.format", ""},
        new Object[] {"snapshot.workers", "four"},
        new Object[] {"snapshot.workers", "65"},
        new Object[] {"snapshot.workers", "-1"},
        new Object[] {"snapshot.chunk.bytes", "1024"},
        new Object[] {"snapshot.chunk.bytes", "lots"},
        new Object[] {"snapshot.record.bytes", "1"},
        new Object[] {"snapshot.record.bytes", "2147483648"},
        new Object[] {"snapshot.mode", "initial"});
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongValues")
  void validationNamesTheKeyAndNeverThrows(String key, String value) {
    Map<String, String> config = valid();
    config.put(key, value);

    Config result = new PgcarrySourceConnector().validate(config);

    List<String> errors =
        result.configValues().stream()
            .filter(v -> v.name().equals(key) || v.name().equals("snapshot.format"))
            .flatMap(v -> v.errorMessages().stream())
            .toList();
    assertThat(errors).as(key + " = " + value).isNotEmpty();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongValues")
  void taskStartRefusesItNamingTheKey(String key, String value) {
    Map<String, String> config = valid();
    config.put(key, value);

    assertThatThrownBy(() -> new PgcarrySourceTask().start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void theFullLoadsOwnConnectionRefusesAPortThatIsNoNumber() {
    Map<String, String> config = valid();
    config.put("database.port", "54x2");

    assertThatThrownBy(() -> SourceConfig.sourceUri(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.port")
        .hasMessageContaining("54x2");
  }

  @Test
  void theFullLoadsOwnConnectionNeedsAUserAndADatabase() {
    Map<String, String> config = valid();
    config.remove("database.dbname");

    assertThatThrownBy(() -> SourceConfig.sourceUri(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.dbname");
  }

  private static Map<String, String> valid() {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", PgcarrySourceConnector.class.getName());
    config.put("database.hostname", "127.0.0.1");
    config.put("database.port", "1");
    config.put("database.user", "u");
    config.put("database.password", "secret");
    config.put("database.dbname", "db");
    config.put("topic.prefix", "m");
    config.put("slot.name", "pgcarry_m");
    config.put("publication.name", "pgcarry_m");
    return config;
  }
}
