package io.pgcarry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a benchmark ran on, as {@code /proc} and the JVM describe it.
 *
 * @param cpuModel the first processor's model name
 * @param cores processors available to the JVM
 * @param memoryMiB total memory
 * @param os kernel name and release
 * @param java the JVM's version
 * @param postgres the source server's version
 * @param loadAverageAtStart the one-minute load average when the run started: other work on the
 *     machine
 * @param loadAverageAtEnd the same when it ended
 */
public record Machine(
    String cpuModel,
    int cores,
    long memoryMiB,
    String os,
    String java,
    String postgres,
    double loadAverageAtStart,
    double loadAverageAtEnd) {

  /** This machine now, with the source server's version. */
  static Machine describe(String postgres) {
    return new Machine(
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        readMemoryMiB(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        postgres,
        loadAverage(),
        0);
  }

  /** The same description with the load average at the end of the run. */
  Machine ended() {
    return new Machine(
        cpuModel, cores, memoryMiB, os, java, postgres, loadAverageAtStart, loadAverage());
  }

  static double loadAverage() {
    return read("/proc/loadavg").map(text -> Double.parseDouble(text.split(" ")[0])).orElse(-1.0);
  }

  private static String readCpuModel() {
    return read("/proc/cpuinfo")
        .flatMap(
            text ->
                text.lines()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst())
        .orElse("unknown");
  }

  private static long readMemoryMiB() {
    return read("/proc/meminfo")
        .flatMap(
            text ->
                text.lines()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst())
        .orElse(-1L);
  }

  private static Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(Path.of(file)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
