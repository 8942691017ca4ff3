package io.pgcarry.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * The figures of one fault for the README's table: the fault, the load during it, how long it
 * lasted, the time from its end until a change committed after it was applied on the target, and
 * the comparison that followed. Printed, and appended to {@code target/fault-figures.md}.
 */
record FaultFigures(
    String fault,
    double changesPerSecond,
    Duration lasted,
    Duration recovered,
    long rowsCompared,
    long lost,
    long duplicated) {

  static final String HEADER =
      "| fault | load (changes/s) | fault lasted | recovered after | rows compared | lost |"
          + " duplicated |";

  String row() {
    return String.format(
        Locale.ROOT,
        "| %s | %.0f | %.1f s | %.1f s | %,d | %d | %d |",
        fault,
        changesPerSecond,
        lasted.toMillis() / 1000.0,
        recovered.toMillis() / 1000.0,
        rowsCompared,
        lost,
        duplicated);
  }

  /** Prints the row and appends it to the build's figures file. */
  void report() {
    System.out.println("FAULT FIGURES " + row());
    Path file = Path.of("target", "fault-figures.md");
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, HEADER + "\n|---|---|---|---|---|---|---|\n");
      }
      Files.writeString(file, row() + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
