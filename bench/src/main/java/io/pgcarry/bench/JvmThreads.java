package io.pgcarry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU each thread of a JVM has used so far, from {@code /proc/PID/task/TID/stat}, every thread
 * counted (the JIT's compiler threads and the garbage collector's too, which a profile of Java
 * frames misses). The kernel keeps 15 characters of a thread's name; the whole Java names come from
 * {@code jcmd PID Thread.print}, whose {@code nid} is the kernel's thread id. Linux only.
 *
 * @param total the process's CPU seconds, threads that ended included
 * @param threads each live thread's name and CPU seconds, by thread id
 */
record JvmThreads(double total, Map<Long, Thread> threads) {

  private static final Pattern THREAD = Pattern.compile("^\"(.*)\" .*\\bnid=(0x[0-9a-f]+|\\d+)");

  /** A thread's name and CPU seconds. */
  record Thread(String name, double seconds) {}

  JvmThreads {
    threads = Map.copyOf(threads);
  }

  /** No thread and no CPU: the reading before a process starts. */
  static final JvmThreads NONE = new JvmThreads(0, Map.of());

  /** The threads of a running JVM now, with their Java names. */
  static JvmThreads of(long pid) {
    Map<Long, String> names = javaNames(pid);
    Map<Long, Thread> threads = new HashMap<>();
    kernelThreads(pid)
        .forEach(
            (tid, thread) ->
                threads.put(
                    tid, new Thread(names.getOrDefault(tid, thread.name()), thread.seconds())));
    double total = ProcStat.ofProcess(pid).map(ProcStat::cpuSeconds).orElse(0.0);
    return new JvmThreads(total, threads);
  }

  /** The live threads of a process by thread id, with the kernel's 15 characters of their names. */
  static Map<Long, Thread> kernelThreads(long pid) {
    Map<Long, Thread> threads = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> each = Files.newDirectoryStream(tasks)) {
      for (Path task : each) {
        long tid = Long.parseLong(task.getFileName().toString());
        ProcStat.read(task.resolve("stat"))
            .ifPresent(stat -> threads.put(tid, new Thread(stat.name(), stat.cpuSeconds())));
      }
    } catch (NoSuchFileException e) {
      return threads;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of process " + pid, e);
    }
    return threads;
  }

  /**
   * The CPU seconds each thread used since {@code earlier}; the threads that ended meanwhile are
   * under the name {@code ""}.
   */
  Map<String, Double> since(JvmThreads earlier) {
    Map<String, Double> used = new HashMap<>();
    double live = 0;
    for (Map.Entry<Long, Thread> entry : threads.entrySet()) {
      Thread before = earlier.threads.get(entry.getKey());
      double seconds = entry.getValue().seconds() - (before == null ? 0 : before.seconds());
      used.merge(entry.getValue().name(), seconds, Double::sum);
      live += seconds;
    }
    used.merge("", Math.max(0, total - earlier.total - live), Double::sum);
    return used;
  }

  /** Java thread names by kernel thread id, from jcmd; empty when jcmd cannot tell. */
  static Map<Long, String> javaNames(long pid) {
    Optional<Path> jcmd = Tools.jdkTool("jcmd");
    Map<Long, String> names = new HashMap<>();
    if (jcmd.isEmpty()) {
      return names;
    }
    try {
      Process process =
          new ProcessBuilder(jcmd.get().toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return names;
      }
      for (String line : output.split("\n")) {
        Matcher m = THREAD.matcher(line);
        if (m.find()) {
          String nid = m.group(2);
          long tid =
              nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
          names.put(tid, m.group(1));
        }
      }
    } catch (IOException e) {
      return names;
    } catch (InterruptedException e) {
      java.lang.Thread.currentThread().interrupt();
    }
    return names;
  }
}
