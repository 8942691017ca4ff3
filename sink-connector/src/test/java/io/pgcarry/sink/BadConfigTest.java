package io.pgcarry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz-style wrong configurations of the sink connector: wrong types, values out of range,
 * malformed URIs and names. Each is refused naming the key, by Connect's validation (no exception
 * escapes {@code validate}) and by the connector's start; never a stray NumberFormatException or
 * NullPointerException.
 */
class BadConfigTest {

  static Stream<Object[]> wrongValues() {
    return Stream.of(
        new Object[] {"batch.size", "many"},
        new Object[] {"batch.size", "0"},
        new Object[] {"batch.size", "1.5"},
        new Object[] {"max.retries", "-3"},
        new Object[] {"retry.backoff.ms", "soon"},
        new Object[] {"retry.backoff.max.ms", "99999999999999999999999"},
        new Object[] {"connection.uri", "mysql://u:secret@h/db"},
        new Object[] {"connection.uri", "postgresql://u:secret@h:notaport/db"},
        new Object[] {"connection.uri", "postgresql://u:secret@h/db?sslmode=sometimes"},
        new Object[] {"connection.uri", "postgresql://u:secret@h/db?sslmod=require"},
        new Object[] {"connection.uri", "postgresql://u:secret@h/d%zzb"},
        new Object[] {"connection.uri", ""},
        new Object[] {"migration.name", ""},
        new Object[] {"migration.name", "a\u0007b"},
        new Object[] {"position.table", "a.b.c"},
        new Object[] {"position.table", "\"unterminated.t"},
        new Object[] {"unavailable.value.placeholder", ""});
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongValues")
  void validationNamesTheKeyAndNeverThrows(String key, String value) {
    Map<String, String> config = valid();
    config.put(key, value);

    Config result = new PgcarrySinkConnector().validate(config);

    List<String> errors =
        result.configValues().stream()
            .filter(v -> v.name().equals(key))
            .flatMap(v -> v.errorMessages().stream())
            .toList();
    assertThat(errors).as(key + " = " + value).isNotEmpty();
    assertThat(String.join(" ", errors)).doesNotContain("secret");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongValues")
  void startRefusesItNamingTheKey(String key, String value) {
    Map<String, String> config = valid();
    config.put(key, value);

    assertThatThrownBy(() -> new PgcarrySinkConnector().start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageNotContaining("secret");
  }

  /** A configuration that passes the field checks (its target is not reachable). */
  private static Map<String, String> valid() {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", PgcarrySinkConnector.class.getName());
    config.put("topics.regex", "m\\..+");
    config.put("connection.uri", "postgresql://u:secret@127.0.0.1:1/db");
    config.put("migration.name", "m");
    return config;
  }
}
