package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleMapTest {

  @Test
  void mapsListedRolesAndKeepsTheOthers() {
    RoleMap map = RoleMap.parse(List.of("app=app_owner", "Sales Team=sales=ro"));

    assertThat(map.target("app")).isEqualTo("app_owner");
    assertThat(map.target("Sales Team")).isEqualTo("sales=ro");
    assertThat(map.target("reporting")).isEqualTo("reporting");
  }

  @Test
  void refusesAnEntryWithAnEmptySide() {
    assertThatThrownBy(() -> RoleMap.parse(List.of("=app")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'=app'");
    assertThatThrownBy(() -> RoleMap.parse(List.of("app=")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'app='");
  }

  @Test
  void refusesARoleMappedTwice() {
    assertThatThrownBy(() -> RoleMap.parse(List.of("app=a", "app=b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role app is mapped twice");
  }
}
