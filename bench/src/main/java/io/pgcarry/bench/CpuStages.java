package io.pgcarry.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages of pgcarry's data path inside the migrate JVM, told apart by thread name: Debezium's
 * decoder (its streaming thread reads the slot and builds the change events), the full load's chunk
 * readers (COPY out of the exported snapshot), the source task (stamping and converting), the
 * producer's network thread (compression included), the broker, the sink task (consuming, reading
 * and applying), the migration's steps (precheck, schema, starting the runtime, building indexes),
 * the JIT compilers, the garbage collector with the VM thread, and the rest (the Connect worker,
 * the status server, threads that ended). A name may be whole or the kernel's first 15 characters.
 */
final class CpuStages {

  static final String DECODER = "Debezium decoder";
  static final String CHUNK_READERS = "chunk readers";
  static final String SOURCE_TASK = "source task";
  static final String PRODUCER = "producer";
  static final String BROKER = "broker";
  static final String SINK_TASK = "sink task";
  static final String STEPS = "migrate steps";
  static final String JIT = "JIT";
  static final String GC = "GC and VM";
  static final String REST = "rest";

  /** Every stage, in the order a row passes them; the steps, JIT, GC and the rest last. */
  static final List<String> ALL =
      List.of(
          DECODER, CHUNK_READERS, SOURCE_TASK, PRODUCER, BROKER, SINK_TASK, STEPS, JIT, GC, REST);

  /** Threads of the migration's own steps, run from the command's main thread or for it. */
  private static final List<String> STEP_PREFIXES =
      List.of("main", "pgcarry-index-b", "pgcarry-runtime");

  private static final List<String> BROKER_PREFIXES =
      List.of(
          "data-plane-",
          "kafka-request-handler",
          "kafka-network-thread",
          "kafka-scheduler",
          "kafka-log-",
          "kafka-raft",
          "raft-",
          "quorum-controller",
          "controller-",
          "broker-",
          "group-coordinator",
          "share-",
          "transaction-",
          "ExpirationReaper",
          "LogDirFailureHandler",
          "ReplicaFetcher",
          "AddPartitionsToTxnSenderThread",
          "feature-",
          "metadata-",
          "kafka-0-",
          "kafka-1-",
          "processor-");

  private final String sourceTask;
  private final String sinkTask;

  /**
   * @param sourceConnector the source connector's name
   * @param sinkConnector the sink connector's name
   */
  CpuStages(String sourceConnector, String sinkConnector) {
    this.sourceTask = "task-thread-" + sourceConnector;
    this.sinkTask = "task-thread-" + sinkConnector;
  }

  /** The stage of a thread, by its name. */
  String of(String thread) {
    if (thread.startsWith(sourceTask)) {
      return SOURCE_TASK;
    }
    if (thread.startsWith(sinkTask)) {
      return SINK_TASK;
    }
    if (thread.startsWith("debezium-")) {
      return DECODER;
    }
    if (thread.startsWith("pgcarry-full-lo")) {
      return CHUNK_READERS;
    }
    if (STEP_PREFIXES.stream().anyMatch(thread::startsWith)) {
      return STEPS;
    }
    if (thread.startsWith("kafka-producer-network-thread")) {
      return PRODUCER;
    }
    if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (thread.startsWith("GC Thread")
        || thread.startsWith("G1 ")
        || thread.startsWith("VM Thread")
        || thread.startsWith("VM Periodic")
        || thread.startsWith("ZGC")
        || thread.startsWith("ParGC")
        || thread.startsWith("Shenandoah")) {
      return GC;
    }
    for (String prefix : BROKER_PREFIXES) {
      if (thread.startsWith(prefix)) {
        return BROKER;
      }
    }
    return REST;
  }

  /** Seconds by thread name grouped into seconds by stage, every stage present, in order. */
  Map<String, Double> group(Map<String, Double> byThread) {
    Map<String, Double> byStage = new LinkedHashMap<>();
    ALL.forEach(stage -> byStage.put(stage, 0.0));
    byThread.forEach((thread, seconds) -> byStage.merge(of(thread), seconds, Double::sum));
    return byStage;
  }
}
