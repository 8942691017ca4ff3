package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.cli.Pgcarry;
import io.pgcarry.common.testing.WaitFor;
import io.pgcarry.migrate.Step;
import io.pgcarry.migrate.state.MigrationStatus;
import io.pgcarry.migrate.state.WorkDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pgcarry migrate} in a process of its own, as an operator runs it, so that a test can kill
 * it with {@code kill -9}. Its output goes to a log file in the work directory. Not thread-safe.
 */
final class MigrateProcess {

  private final Process process;
  private final Path log;
  private final WorkDir dir;

  private MigrateProcess(Process process, Path log, WorkDir dir) {
    this.process = process;
    this.log = log;
    this.dir = dir;
  }

  /** Starts {@code pgcarry ARGS}, its output to {@code log}. */
  static MigrateProcess start(List<String> args, WorkDir dir, Path log) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                Pgcarry.class.getName()));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new MigrateProcess(process, log, dir);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The status this process published last, if any. */
  Optional<MigrationStatus> status() {
    return dir.readStatus().filter(s -> s.pid() == process.pid());
  }

  /** Waits until this process has published that it runs {@code step}, or a later one. */
  void awaitStep(Step step, Duration timeout) {
    WaitFor.condition(
        timeout,
        "migrate (pid " + pid() + ") to reach " + step.label(),
        () -> {
          assertThat(process.isAlive()).as(this::log).isTrue();
          return status().map(s -> s.step().compareTo(step) >= 0).orElse(false);
        },
        this::log);
  }

  /** Waits until this process's status message contains {@code text}. */
  MigrationStatus awaitMessage(String text, Duration timeout) {
    return WaitFor.value(
        timeout,
        "migrate (pid " + pid() + ") to report '" + text + "'",
        () -> {
          assertThat(process.isAlive()).as(this::log).isTrue();
          return status().filter(s -> s.message().contains(text));
        },
        () -> status().map(MigrationStatus::message).orElse("no status") + "\n" + log());
  }

  /** The changes the sink reported skipping as resent, from this process's log. */
  long replaysSkipped() {
    Matcher m =
        Pattern.compile("Skipped (\\d+) changes the source connector sent again").matcher(log());
    long skipped = 0;
    while (m.find()) {
      skipped += Long.parseLong(m.group(1));
    }
    return skipped;
  }

  /** {@code kill -9}. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the process to end, and returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as(this::log).isTrue();
    return process.exitValue();
  }
}
