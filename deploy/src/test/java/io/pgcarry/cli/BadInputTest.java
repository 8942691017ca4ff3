package io.pgcarry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.PgcarryCli.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz-style bad input to every command that takes URIs or names: malformed URIs in each position
 * of the command line, hostile names where a name goes, wrong option types. Each gets one line on
 * standard error with the documented exit code: no stack trace (that takes --verbose), and no
 * password echoed back.
 */
class BadInputTest {

  /** The password of every URI here: never in any output. */
  private static final String PASSWORD = "Pw-9f3kq";

  private static final String GOOD = "postgresql://u:" + PASSWORD + "@127.0.0.1:1/db";

  static List<String> malformedUris() {
    List<String> uris = new ArrayList<>();
    uris.add("");
    uris.add("   ");
    uris.add("http://u:Pw-9f3kq@h/db");
    uris.add("postgresql://u:Pw-9f3kq@h:0/db");
    uris.add("postgresql://u:Pw-9f3kq@h:65536/db");
    uris.add("postgresql://u:Pw-9f3kq@h:-5/db");
    uris.add("postgresql://u:Pw-9f3kq@h:port/db");
    uris.add("postgresql://u:Pw-9f3kq@h/db?sslmode");
    uris.add("postgresql://u:Pw-9f3kq@h/db?=require");
    uris.add("postgresql://u:Pw-9f3kq@h/db?sslmode=require&&x=y");
    uris.add("postgresql://u:Pw-9f3kq@h/db?sslmode=verify_full");
    uris.add("postgresql://u:Pw-9f3kq@h/db?sslmod=require");
    uris.add("postgresql://u:Pw-9f3kq@h/db?sslmode=require';drop table t;--");
    uris.add("postgresql://u:Pw-9f3kq@h/d%zzb");
    uris.add("postgresql://u:Pw-9f3kq@h/d%");
    uris.add("postgresql://u:Pw-9f3kq@h/db\u0000x");
    uris.add("postgresql://u:Pw-9f3kq@h/db\nx");
    uris.add("postgresql://u:Pw-9f3kq@[::1/db");
    uris.add("postgresql://u:Pw-9f3kq@h/db?sslpassword=secret&sslmode=nope");
    return uris;
  }

  static Stream<List<String>> commandsWithABadUri() {
    List<List<String>> lines = new ArrayList<>();
    for (String bad : malformedUris()) {
      lines.add(List.of("precheck", "--source", bad, "--target", GOOD));
      lines.add(List.of("precheck", "--source", GOOD, "--target", bad));
      lines.add(List.of("verify", "--source", GOOD, "--target", bad));
      lines.add(List.of("migrate", "--source", bad, "--target", GOOD, "--name", "m"));
      lines.add(List.of("schema", "--source", bad, "--target", GOOD, "--phase", "all"));
      lines.add(List.of("cleanup", "--name", "m", "--work-dir", "/nonexistent", "--source", bad));
      lines.add(List.of("status", "--name", "m", "--work-dir", "/nonexistent", "--source", bad));
      lines.add(List.of("status", "--name", "m", "--work-dir", "/nonexistent", "--target", bad));
    }
    return lines.stream();
  }

  @ParameterizedTest
  @MethodSource("commandsWithABadUri")
  void aMalformedUriIsOneLineWithoutStackTraceOrPassword(List<String> args) {
    Run result = run(args);

    assertThat(result.code()).as(result::toString).isEqualTo(2);
    assertOneCleanLine(result);
  }

  static Stream<List<String>> hostileNames() {
    List<String> names =
        List.of(
            "a\"b",
            "a b",
            "a;drop table t;--",
            "x'); DROP DATABASE postgres; --",
            "ünïcödé",
            "n".repeat(49),
            "../../etc",
            "",
            "-",
            "$(rm -rf /)");
    List<List<String>> lines = new ArrayList<>();
    for (String name : names) {
      lines.add(List.of("migrate", "--source", GOOD, "--target", GOOD, "--name", name));
      lines.add(List.of("status", "--name", name, "--work-dir", "/nonexistent"));
      lines.add(List.of("cutover", "--name", name, "--work-dir", "/nonexistent"));
      lines.add(List.of("cleanup", "--name", name, "--work-dir", "/nonexistent", "--source", GOOD));
    }
    return lines.stream();
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void aHostileMigrationNameIsRefusedAsAUsageError(List<String> args) {
    Run result = run(args);

    assertThat(result.code()).as(result::toString).isEqualTo(2);
    assertOneCleanLine(result);
  }

  static Stream<List<String>> wrongOptionTypes() {
    return Stream.of(
        List.of("migrate", "--source", GOOD, "--target", GOOD, "--cutover-timeout", "ten minutes"),
        List.of("migrate", "--source", GOOD, "--target", GOOD, "--connect-url", "::not a url::"),
        List.of("migrate", "--source", GOOD, "--target", GOOD, "--connect-url", "http://h:1"),
        List.of("schema", "--source", GOOD, "--target", GOOD, "--phase", "sideways"),
        List.of("status", "--name"),
        List.of("precheck", "--source", GOOD),
        List.of("verify", "--source", GOOD, "--target", GOOD, "--json=maybe"),
        List.of("no-such-command"));
  }

  @ParameterizedTest
  @MethodSource("wrongOptionTypes")
  void aWrongOptionIsAUsageError(List<String> args) {
    Run result = run(args);

    assertThat(result.code()).as(result::toString).isEqualTo(2);
    assertThat(result.err()).as(result::toString).doesNotContain("\tat ").doesNotContain(PASSWORD);
  }

  private static void assertOneCleanLine(Run result) {
    assertThat(result.err().strip()).as(result::toString).startsWith("pgcarry: ");
    assertThat(result.err().strip().lines().filter(l -> !l.startsWith("(run with --verbose")))
        .as(result::toString)
        .hasSize(1);
    assertThat(result.err()).as(result::toString).doesNotContain("\tat ").doesNotContain(PASSWORD);
    assertThat(result.err()).as(result::toString).doesNotContain("Exception");
  }

  private static Run run(List<String> args) {
    return PgcarryCli.run(args.toArray(String[]::new));
  }
}
