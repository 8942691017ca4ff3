package io.pgcarry.sink.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnavailableValueTest {

  private static final String P = UnavailableValue.DEFAULT_PLACEHOLDER;
  private final UnavailableValue unavailable = new UnavailableValue(P);

  @Test
  void recognisesEveryFormDebeziumSendsForAnUnchangedToastValue() {
    byte[] bytes = P.getBytes(StandardCharsets.UTF_8);
    List<Integer> ints = P.chars().boxed().toList();
    List<Long> longs = P.chars().mapToObj(c -> (long) c).toList();

    assertThat(unavailable.matches(P)).isTrue();
    assertThat(unavailable.matches(bytes)).isTrue();
    assertThat(unavailable.matches(ByteBuffer.wrap(bytes))).isTrue();
    assertThat(unavailable.matches(List.of(P))).isTrue();
    assertThat(unavailable.matches(List.of(bytes))).isTrue();
    assertThat(unavailable.matches(ints)).isTrue();
    assertThat(unavailable.matches(longs)).isTrue();
    assertThat(unavailable.matches(Map.of(P, P))).isTrue();
    assertThat(unavailable.matches("{\"" + P + "\":\"" + P + "\"}")).isTrue();
    assertThat(unavailable.matches(List.of(UUID.nameUUIDFromBytes(bytes).toString()))).isTrue();
  }

  @Test
  void leavesOrdinaryValuesAlone() {
    assertThat(unavailable.matches("x")).isFalse();
    assertThat(unavailable.matches(List.of(1, 2))).isFalse();
    assertThat(unavailable.matches(List.of(P, P))).isFalse();
    assertThat(unavailable.matches(42)).isFalse();
  }
}
