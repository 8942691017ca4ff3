package io.pgcarry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and peak resident memory so far, from {@code /proc/PID/stat} (user and
 * system time, in clock ticks) and {@code /proc/PID/status} ({@code VmHWM}).
 *
 * @param cpuSeconds user and system CPU seconds
 * @param peakRssMiB the peak resident set size
 */
record ProcessUsage(double cpuSeconds, long peakRssMiB) {

  /**
   * Linux's USER_HZ, the unit of {@code /proc/PID/stat} times, on every architecture pgcarry runs.
   */
  private static final double TICKS_PER_SECOND = 100.0;

  /**
   * Reads the figures of a running process.
   *
   * @throws IOException when the process is gone or {@code /proc} is not Linux's
   */
  static ProcessUsage of(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    long peakKib =
        Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
            .filter(line -> line.startsWith("VmHWM:"))
            .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElse(0L);
    return new ProcessUsage(ticks / TICKS_PER_SECOND, peakKib / 1024);
  }
}
