package io.pgcarry.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived local commands and turns a failure into an exception carrying their output. */
final class Processes {

  private Processes() {}

  /**
   * Runs a command to completion.
   *
   * @param command the command and its arguments, never passed through a shell
   * @param workDir working directory, or null for the current one
   * @return what the command printed, standard error merged into standard output
   * @throws IOException when it cannot start, takes over five minutes, or exits non-zero
   */
  static String run(List<String> command, Path workDir) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("Timed out: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("Interrupted: " + String.join(" ", command), e);
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(
          "`"
              + String.join(" ", command)
              + "` exited "
              + process.exitValue()
              + ": "
              + text.strip());
    }
    return text;
  }
}
