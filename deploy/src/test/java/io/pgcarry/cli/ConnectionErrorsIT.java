package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.TestPostgres;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

/** Bad connection input against a real server: one line, the fix, exit code 3, no secrets. */
class ConnectionErrorsIT {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return PgcarryCli.run(Writer.nullWriter(), err, args);
  }

  @Test
  void wrongPasswordNamesTheUser() {
    LocalPostgres server = TestPostgres.source();
    String uri = "postgresql://postgres:wrong-secret@127.0.0.1:" + server.port() + "/postgres";

    int code = run("verify", "--source", uri, "--target", uri);

    assertThat(code).isEqualTo(3);
    assertThat(err.toString())
        .contains("password authentication failed for user 'postgres'")
        .doesNotContain("wrong-secret");
  }

  @Test
  void missingDatabaseIsNamed() {
    LocalPostgres server = TestPostgres.source();
    String uri = "postgresql://postgres:postgres@127.0.0.1:" + server.port() + "/no_such_db";

    int code = run("verify", "--source", uri, "--target", uri);

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("database 'no_such_db' does not exist");
  }

  @Test
  void migrateRefusesAnUnreachableSourceBeforeTouchingAnything() {
    int code =
        run(
            "migrate",
            "--source",
            "postgresql://u:p@127.0.0.1:1/shop",
            "--target",
            "postgresql://u:p@127.0.0.1:1/shop",
            "--work-dir",
            System.getProperty("java.io.tmpdir") + "/pgcarry-unreachable");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString().strip().lines().findFirst().orElse(""))
        .contains("127.0.0.1:1")
        .contains("connection refused");
  }
}
