package io.pgcarry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}: the name, the parent and
 * the CPU times, in seconds (Linux's USER_HZ is 100 on every architecture pgcarry runs on).
 *
 * @param name the command or thread name the kernel keeps (at most 15 characters)
 * @param parent the parent process id
 * @param cpuSeconds user and system time of this process or thread
 * @param childrenCpuSeconds user and system time of its children that ended and were waited for
 */
record ProcStat(String name, long parent, double cpuSeconds, double childrenCpuSeconds) {

  private static final double TICKS_PER_SECOND = 100.0;

  /** Parses a stat line. */
  static ProcStat parse(String stat) {
    // The name, in parentheses, may hold spaces and parentheses: fields are counted after the last.
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String[] fields = stat.substring(close + 2).split(" ");
    return new ProcStat(
        stat.substring(open + 1, close),
        Long.parseLong(fields[1]),
        (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND,
        (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND);
  }

  /** The stat of a process or thread, or empty when it has ended. */
  static Optional<ProcStat> read(Path stat) {
    try {
      return Optional.of(parse(Files.readString(stat)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<ProcStat> ofProcess(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "stat"));
  }
}
