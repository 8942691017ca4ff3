package io.pgcarry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CPU accounting of the benchmark: {@code /proc}'s stat lines, a JVM's threads counted by name
 * with those that ended, and the stages of pgcarry's change path told apart by thread name.
 */
class CpuAccountingTest {

  @Test
  void parsesAStatLineWhoseNameHoldsSpacesAndParentheses() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
    // stime cutime cstime ...
    ProcStat stat =
        ProcStat.parse("4242 (C2 Compiler) (x)) S 7 1 1 0 -1 0 0 0 0 0 150 50 30 20 20 0 1");

    assertThat(stat.name()).isEqualTo("C2 Compiler) (x)");
    assertThat(stat.parent()).isEqualTo(7);
    assertThat(stat.cpuSeconds()).isEqualTo(2.0);
    assertThat(stat.childrenCpuSeconds()).isEqualTo(0.5);
  }

  @Test
  void readsEveryThreadOfThisJvmWithItsJavaName() {
    JvmThreads threads = JvmThreads.of(ProcessHandle.current().pid());

    assertThat(threads.total()).isPositive();
    assertThat(threads.threads().values())
        .extracting(JvmThreads.Thread::name)
        .contains("main")
        .anyMatch(name -> name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre"));
  }

  @Test
  void countsWhatThreadsUsedSinceAnEarlierReadingAndWhatEndedThreadsUsed() {
    JvmThreads earlier =
        new JvmThreads(
            10.0,
            Map.of(
                1L, new JvmThreads.Thread("a", 4.0),
                2L, new JvmThreads.Thread("gone", 5.0)));
    JvmThreads later =
        new JvmThreads(
            16.0,
            Map.of(1L, new JvmThreads.Thread("a", 6.0), 3L, new JvmThreads.Thread("new", 1.5)));

    Map<String, Double> used = later.since(earlier);

    assertThat(used).containsEntry("a", 2.0).containsEntry("new", 1.5);
    // 6 s in all: 3.5 by the live threads, the rest by threads that ended meanwhile.
    assertThat(used.get("")).isEqualTo(2.5);
  }

  @Test
  void aThreadThatEndedBeforeTheReadingKeepsTheCpuItUsed() throws Exception {
    ThreadSampler sampler =
        ThreadSampler.start(ProcessHandle.current().pid(), Duration.ofMillis(20));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Thread burner =
        new Thread(
            () -> {
              // 0.4 s of this thread's own CPU, however long the machine takes to give it.
              long spin = 0;
              while (cpu.getCurrentThreadCpuTime() < Duration.ofMillis(400).toNanos()) {
                spin++;
              }
              assertThat(spin).isPositive();
              // Ends once a reading has seen it so: what it used after that reading would be
              // left to the remainder.
              long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
              while (sampler.lastSeen("bench-burner") < 0.35 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(5));
              }
            },
            "bench-burner");
    burner.start();
    burner.join();

    Map<String, Double> used = sampler.stop().since(JvmThreads.NONE);

    assertThat(used.get("bench-burner")).isGreaterThanOrEqualTo(0.35);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void tellsTheStagesApartByThreadName() {
    CpuStages stages = new CpuStages("pgcarry-shop-source", "pgcarry-shop-sink");

    assertThat(stages.of("task-thread-pgcarry-shop-source-0")).isEqualTo(CpuStages.SOURCE_TASK);
    assertThat(stages.of("task-thread-pgcarry-shop-sink-0")).isEqualTo(CpuStages.SINK_TASK);
    assertThat(stages.of("debezium-postgresconnector-shop-change-event-source-coordinator"))
        .isEqualTo(CpuStages.DECODER);
    assertThat(stages.of("kafka-producer-network-thread | connector-producer-x"))
        .isEqualTo(CpuStages.PRODUCER);
    assertThat(stages.of("data-plane-kafka-request-handler-3")).isEqualTo(CpuStages.BROKER);
    assertThat(stages.of("C2 CompilerThread0")).isEqualTo(CpuStages.JIT);
    assertThat(stages.of("GC Thread#1")).isEqualTo(CpuStages.GC);
    assertThat(stages.of("qtp1234-56")).isEqualTo(CpuStages.REST);
    // Threads of the full load, whole names or the kernel's first 15 characters.
    assertThat(stages.of("pgcarry-full-load")).isEqualTo(CpuStages.CHUNK_READERS);
    assertThat(stages.of("pgcarry-full-lo")).isEqualTo(CpuStages.CHUNK_READERS);
    assertThat(stages.of("pgcarry-index-b")).isEqualTo(CpuStages.STEPS);
    assertThat(stages.of("main")).isEqualTo(CpuStages.STEPS);
    assertThat(stages.group(Map.of("GC Thread#0", 1.0, "G1 Conc#0", 0.5, "x", 2.0)))
        .containsKeys(CpuStages.ALL.toArray(String[]::new))
        .containsEntry(CpuStages.GC, 1.5)
        .containsEntry(CpuStages.REST, 2.0)
        .containsEntry(CpuStages.BROKER, 0.0);
  }
}
