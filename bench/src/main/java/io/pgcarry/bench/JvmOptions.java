package io.pgcarry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options the pgcarry process runs with: {@code config/jvm.options}, which the {@code
 * pgcarry} launcher reads and the build copies onto the class path, so that the benchmark starts
 * its {@code migrate} process with the same options an operator's has. One option per line; blank
 * lines and lines starting with {@code #} are left out.
 */
final class JvmOptions {

  private JvmOptions() {}

  /** The options, in the file's order. */
  static List<String> defaults() {
    try (InputStream in = JvmOptions.class.getResourceAsStream("jvm.options")) {
      if (in == null) {
        throw new IllegalStateException(
            "jvm.options is missing from the class path (it is copied from config/ by the build)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read jvm.options", e);
    }
  }

  static List<String> parse(String text) {
    return text.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }
}
