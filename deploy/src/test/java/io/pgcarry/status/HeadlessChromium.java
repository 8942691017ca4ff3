package io.pgcarry.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, for tests of the status page: the page's DOM after its
 * scripts ran, and a screenshot. Each call uses a fresh profile and no network but the page's.
 */
final class HeadlessChromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  /**
   * @throws IllegalStateException naming the package to install when Chromium is missing
   */
  static void require() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: install Debian's chromium package (apt-get install chromium;"
              + " .ci/run does)");
    }
  }

  /** The page's DOM once its scripts ran for {@code budgetMillis} of virtual time. */
  static String dom(String url, int budgetMillis) throws IOException, InterruptedException {
    return run(List.of("--virtual-time-budget=" + budgetMillis, "--dump-dom", url));
  }

  /** Takes a screenshot of the page into {@code png}. */
  static void screenshot(String url, Path png, int budgetMillis)
      throws IOException, InterruptedException {
    run(
        List.of(
            "--virtual-time-budget=" + budgetMillis,
            "--window-size=1280,1500",
            "--hide-scrollbars",
            "--screenshot=" + png.toAbsolutePath(),
            url));
  }

  private static String run(List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("pgcarry-chromium");
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    if ("root".equals(System.getProperty("user.name"))) {
      // Chromium refuses to run as root with its sandbox.
      command.add("--no-sandbox");
    }
    command.addAll(args);
    Path out = Files.createTempFile("chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 2 minutes: " + command);
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    try (var paths = Files.walk(profile)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("chromium exited " + process.exitValue() + ": " + command);
    }
    return text;
  }
}
