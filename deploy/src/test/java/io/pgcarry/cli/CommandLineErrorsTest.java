package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the command line says and exits with when it cannot do what it was asked. */
class CommandLineErrorsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /**
   * One failing command line.
   *
   * @param name what the case proves
   * @param args the command line
   * @param exitCode the documented exit code expected
   * @param says what standard error must contain
   * @param neverSays what it must not contain (secrets, stack frames)
   * @param oneLine whether standard error must be a single line
   */
  record Case(
      String name,
      List<String> args,
      int exitCode,
      List<String> says,
      List<String> neverSays,
      boolean oneLine) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> failures() {
    String noWorkDir = tempDir("status").toString();
    String renamesDatabase = mappingFile("databases:\n  shop: shop_v2\n");
    return Stream.of(
        new Case(
            "--databases and --all-databases together are a usage error",
            List.of(
                "migrate",
                "--source",
                "postgresql://u@127.0.0.1:1/postgres",
                "--target",
                "postgresql://u@127.0.0.1:1/postgres",
                "--databases",
                "a,b",
                "--all-databases"),
            2,
            List.of("give --databases or --all-databases, not both"),
            List.of(),
            true),
        new Case(
            "a missing mapping file is a usage error naming it",
            List.of(
                "migrate",
                "--source",
                "postgresql://u@127.0.0.1:1/shop",
                "--target",
                "postgresql://u@127.0.0.1:1/shop",
                "--mapping",
                noWorkDir + "/none.yaml"),
            2,
            List.of("mapping file", "none.yaml", "does not exist"),
            List.of(),
            true),
        new Case(
            "a mapping that sends the database elsewhere than --target is a usage error",
            List.of(
                "migrate",
                "--source",
                "postgresql://u@127.0.0.1:1/shop",
                "--target",
                "postgresql://u@127.0.0.1:1/shop_copy",
                "--mapping",
                renamesDatabase),
            2,
            List.of("the mapping names database shop_v2 as the target of shop", "shop_copy"),
            List.of(),
            true),
        new Case(
            "cleanup without --name or --drop-role is a usage error",
            List.of("cleanup", "--source", "postgresql://u@127.0.0.1:1/shop"),
            2,
            List.of("give --name, --drop-role, or both"),
            List.of(),
            true),
        new Case(
            "a wrong URI scheme is a usage error naming the option",
            List.of("verify", "--source", "mysql://u:secret@h/db", "--target", "postgresql://h/db"),
            2,
            List.of("--source", "postgresql://user:password@host:port/dbname"),
            List.of("secret", "at io.pgcarry"),
            false),
        new Case(
            "--role-map without --owners or --privileges is a usage error",
            List.of(
                "schema",
                "--source",
                "postgresql://u@127.0.0.1:1/db",
                "--target",
                "postgresql://u@127.0.0.1:1/db",
                "--phase",
                "all",
                "--role-map",
                "app=app_owner"),
            2,
            List.of("--role-map needs --owners or --privileges"),
            List.of(),
            false),
        new Case(
            "a --role-map entry without '=' is a usage error naming the entry",
            List.of(
                "schema",
                "--source",
                "postgresql://u@127.0.0.1:1/db",
                "--target",
                "postgresql://u@127.0.0.1:1/db",
                "--phase",
                "all",
                "--owners",
                "--role-map",
                "app"),
            2,
            List.of("role mapping 'app' is not source_role=target_role"),
            List.of(),
            false),
        new Case(
            "--connect-url without --worker-secrets is a usage error naming the file's keys",
            List.of(
                "migrate",
                "--source",
                "postgresql://u:hunter2@127.0.0.1:1/db",
                "--target",
                "postgresql://u:hunter2@127.0.0.1:1/db",
                "--connect-url",
                "http://127.0.0.1:1/",
                "--bootstrap-servers",
                "127.0.0.1:2"),
            2,
            List.of("--connect-url needs --worker-secrets", "source.password", "target.uri"),
            List.of("hunter2"),
            false),
        new Case(
            "a retained WAL warning above the error is a usage error",
            List.of(
                "migrate",
                "--source",
                "postgresql://u@127.0.0.1:1/db",
                "--target",
                "postgresql://u@127.0.0.1:1/db",
                "--retained-wal-warning",
                "10GB",
                "--retained-wal-error",
                "2GB"),
            2,
            List.of("--retained-wal-warning", "below the error threshold"),
            List.of(),
            false),
        new Case(
            "an unreadable size is a usage error naming the units",
            List.of(
                "migrate",
                "--source",
                "postgresql://u@127.0.0.1:1/db",
                "--target",
                "postgresql://u@127.0.0.1:1/db",
                "--retained-wal-warning",
                "lots"),
            2,
            List.of("'lots' is not a size", "kB, MB, GB or TB"),
            List.of(),
            false),
        new Case(
            "a refused connection exits with the connection code and one line",
            List.of(
                "verify",
                "--source",
                "postgresql://u:secret@127.0.0.1:1/db",
                "--target",
                "postgresql://u:secret@127.0.0.1:1/db"),
            3,
            List.of("connection refused"),
            List.of("secret"),
            true),
        new Case(
            "an unknown host is diagnosed",
            List.of(
                "verify",
                "--source",
                "postgresql://u@no-such-host.invalid/db",
                "--target",
                "postgresql://u@no-such-host.invalid/db"),
            3,
            List.of("cannot resolve the source host 'no-such-host.invalid'"),
            List.of(),
            false),
        new Case(
            "--verbose shows the cause chain",
            List.of(
                "verify",
                "--verbose",
                "--source",
                "postgresql://u@127.0.0.1:1/db",
                "--target",
                "postgresql://u@127.0.0.1:1/db"),
            3,
            List.of("Caused by"),
            List.of(),
            false),
        new Case(
            "status of an unknown migration says where it looked",
            List.of("status", "--name", "nope", "--work-dir", noWorkDir),
            4,
            List.of("no migration named 'nope'", noWorkDir),
            List.of(),
            false),
        new Case(
            "an invalid migration name is rejected",
            List.of("status", "--name", "bad name;drop", "--work-dir", "/tmp"),
            2,
            List.of("migration name 'bad name;drop' is not usable"),
            List.of(),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failsWithTheDocumentedExitCodeAndSaysWhy(Case failure) {
    int code = run(failure.args().toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(failure.exitCode());
    assertThat(err.toString()).contains(failure.says());
    for (String secret : failure.neverSays()) {
      assertThat(err.toString()).doesNotContain(secret);
    }
    if (failure.oneLine()) {
      assertThat(err.toString().strip().lines()).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "migrate",
        "status",
        "cutover",
        "fallback",
        "finish",
        "verify",
        "demo",
        "cleanup",
        "schema",
        "precheck"
      })
  void everyCommandExplainsItself(String command) {
    assertThat(run(command, "--help")).as(command).isZero();
    assertThat(out.toString())
        .as(command)
        .contains("Usage: pgcarry " + command)
        .hasSizeGreaterThan(200);
  }

  private int run(String... args) {
    return PgcarryCli.run(out, err, args);
  }

  private static String mappingFile(String yaml) {
    try {
      Path file = Files.createTempFile("mapping", ".yaml");
      Files.writeString(file, yaml);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
