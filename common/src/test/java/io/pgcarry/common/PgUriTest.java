package io.pgcarry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgUriTest {

  @Test
  void parsesEveryPartAndDecodesPercentEscapes() {
    PgUri uri =
        PgUri.parse("postgresql://app%40corp:p%3Ass%2Fw@db.example:6432/shop?sslmode=require");

    assertThat(uri.user()).isEqualTo("app@corp");
    assertThat(uri.password()).isEqualTo("p:ss/w");
    assertThat(uri.host()).isEqualTo("db.example");
    assertThat(uri.port()).isEqualTo(6432);
    assertThat(uri.database()).isEqualTo("shop");
    assertThat(uri.parameters()).containsEntry("sslmode", "require");
    assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/shop");
    assertThat(uri.jdbcProperties())
        .containsEntry("password", "p:ss/w")
        .containsEntry("sslmode", "require");
  }

  @Test
  void defaultsPortAndDatabase() {
    PgUri uri = PgUri.parse("postgres://alice@localhost");

    assertThat(uri.port()).isEqualTo(5432);
    assertThat(uri.database()).isEqualTo("alice");
    assertThat(uri.password()).isNull();
  }

  @Test
  void masksPasswordWhenPrinted() {
    PgUri uri = PgUri.parse("postgresql://u:secret@h:1/d");

    assertThat(uri.toString()).doesNotContain("secret").contains("****");
    assertThat(PgUri.parse(uri.toUriString())).isEqualTo(uri);
  }

  @Test
  void rejectsWrongSchemeNamingTheExpectedForm() {
    assertThatThrownBy(() -> PgUri.parse("mysql://u:secret@h/d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://user:password@host:port/dbname")
        .hasMessageNotContaining("secret");
  }

  @Test
  void rejectsPortOutOfRange() {
    assertThatThrownBy(() -> PgUri.parse("postgresql://u@h:99999/d"))
        .hasMessageContaining("port '99999'");
  }

  @Test
  void refusesAMisspeltParameterRatherThanIgnoreIt() {
    assertThatThrownBy(() -> PgUri.parse("postgresql://u:secret@h/d?sslmod=verify-full"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'sslmod'")
        .hasMessageNotContaining("secret");
  }

  @Test
  void refusesAnSslModeLibpqDoesNotKnow() {
    assertThatThrownBy(() -> PgUri.parse("postgresql://u@h/d?sslmode=verify_full"))
        .hasMessageContaining("sslmode 'verify_full'")
        .hasMessageContaining("verify-full");
  }

  @Test
  void takesLibpqNamesForPgJdbcProperties() {
    PgUri uri =
        PgUri.parse("postgresql://u@h/d?connect_timeout=3&application_name=x&tcpKeepAlive=true");

    assertThat(uri.jdbcProperties())
        .containsEntry("connectTimeout", "3")
        .containsEntry("ApplicationName", "x")
        .containsEntry("tcpKeepAlive", "true");
  }

  @Test
  void refusesBadEscapesAndControlCharactersWithoutEchoingSecrets() {
    assertThatThrownBy(() -> PgUri.parse("postgresql://u:secret@h/d%zz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%25")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> PgUri.parse("postgresql://u@h/d\u0000x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character")
        .hasMessageNotContaining("\u0000");
  }

  @Test
  void masksTheKeyPasswordToo() {
    PgUri uri = PgUri.parse("postgresql://u@h/d?sslkey=/k.pk8&sslpassword=hush");

    assertThat(uri.toString()).doesNotContain("hush").contains("sslpassword=****");
    assertThat(uri.toUriString()).contains("hush");
    assertThatThrownBy(() -> PgUri.parse("postgresql://u@h/d?sslpassword=hush&sslmode=nope"))
        .hasMessageNotContaining("hush");
  }

  @Test
  void withDatabaseKeepsServerAndCredentials() {
    PgUri uri = PgUri.parse("postgresql://u:p@h:5/a").withDatabase("b");

    assertThat(uri).isEqualTo(PgUri.parse("postgresql://u:p@h:5/b"));
  }
}
