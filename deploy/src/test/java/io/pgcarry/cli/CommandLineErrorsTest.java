package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineErrorsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var commandLine = Pgcarry.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void wrongUriSchemeIsAUsageErrorNamingTheOption() {
    int code = run("verify", "--source", "mysql://u:secret@h/db", "--target", "postgresql://h/db");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--source")
        .contains("postgresql://user:password@host:port/dbname")
        .doesNotContain("secret")
        .doesNotContain("at io.pgcarry");
  }

  @Test
  void roleMapWithoutOwnersOrPrivilegesIsAUsageError() {
    int code =
        run(
            "schema",
            "--source",
            "postgresql://u@127.0.0.1:1/db",
            "--target",
            "postgresql://u@127.0.0.1:1/db",
            "--phase",
            "all",
            "--role-map",
            "app=app_owner");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--role-map needs --owners or --privileges");
  }

  @Test
  void roleMapEntryWithoutEqualsIsAUsageErrorNamingTheEntry() {
    int code =
        run(
            "schema",
            "--source",
            "postgresql://u@127.0.0.1:1/db",
            "--target",
            "postgresql://u@127.0.0.1:1/db",
            "--phase",
            "all",
            "--owners",
            "--role-map",
            "app");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("role mapping 'app' is not source_role=target_role");
  }

  @Test
  void refusedConnectionExitsWithConnectionCodeAndOneLine() {
    int code =
        run(
            "verify",
            "--source",
            "postgresql://u:secret@127.0.0.1:1/db",
            "--target",
            "postgresql://u:secret@127.0.0.1:1/db");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("connection refused").doesNotContain("secret");
  }

  @Test
  void unknownHostIsDiagnosed() {
    int code =
        run(
            "verify",
            "--source",
            "postgresql://u@no-such-host.invalid/db",
            "--target",
            "postgresql://u@no-such-host.invalid/db");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("cannot resolve the source host 'no-such-host.invalid'");
  }

  @Test
  void verboseShowsTheCauseChain() {
    run(
        "verify",
        "--verbose",
        "--source",
        "postgresql://u@127.0.0.1:1/db",
        "--target",
        "postgresql://u@127.0.0.1:1/db");

    assertThat(err.toString()).contains("Caused by");
  }

  @Test
  void statusOfUnknownMigrationSaysWhereItLooked() throws Exception {
    Path dir = Files.createTempDirectory("status");

    int code = run("status", "--name", "nope", "--work-dir", dir.toString());

    assertThat(code).isEqualTo(4);
    assertThat(err.toString()).contains("no migration named 'nope'").contains(dir.toString());
  }

  @Test
  void invalidMigrationNameIsRejected() {
    int code = run("status", "--name", "bad name;drop", "--work-dir", "/tmp");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("migration name 'bad name;drop' is not usable");
  }

  @Test
  void everyCommandExplainsItself() {
    for (String command :
        new String[] {
          "migrate", "status", "cutover", "verify", "demo", "cleanup", "schema", "precheck"
        }) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString())
          .as(command)
          .contains("Usage: pgcarry " + command)
          .hasSizeGreaterThan(200);
    }
  }
}
