package io.pgcarry.source.snapshot;

import io.pgcarry.common.TableId;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the full load: worker threads read chunks from the exported snapshot in parallel, and the
 * task thread turns finished chunks into records with {@link #poll}. Memory stays bounded: workers
 * wait while more than a budget of bytes is read and not yet polled. When the last table's end
 * record has been polled the load is {@link #finished()}. Not thread-safe apart from the workers it
 * owns: {@code poll} and {@code close} belong to the task thread.
 */
public final class FullLoad implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FullLoad.class);

  private final ExportedSnapshot snapshot;
  private final FullLoadRecords records;
  private final ChunkWorkers workers;
  private final LinkedBlockingQueue<ChunkReader.ChunkData> done;
  private final Map<TableId, TableProgress> progress = new HashMap<>();
  private final AtomicReference<Throwable> failure;
  private int tablesLeft;
  private final long started = System.nanoTime();

  private static final class TableProgress {
    final SnapshotTable table;
    final int chunks;
    int chunksDone;
    long rows;
    long bytes;

    TableProgress(SnapshotTable table, int chunks) {
      this.table = table;
      this.chunks = chunks;
    }
  }

  FullLoad(
      ExportedSnapshot snapshot,
      FullLoadRecords records,
      List<Chunk> chunks,
      ChunkWorkers workers,
      LinkedBlockingQueue<ChunkReader.ChunkData> done,
      AtomicReference<Throwable> failure) {
    this.snapshot = snapshot;
    this.records = records;
    this.workers = workers;
    this.done = done;
    this.failure = failure;
    for (Chunk chunk : chunks) {
      progress.computeIfAbsent(
          chunk.table().id(), id -> new TableProgress(chunk.table(), chunk.count()));
    }
    this.tablesLeft = progress.size();
  }

  /** The snapshot being read. */
  public ExportedSnapshot snapshot() {
    return snapshot;
  }

  /**
   * The records of the chunks finished since the last call, waiting up to {@code wait} for one.
   *
   * @throws ConnectException when a worker failed
   */
  public List<SourceRecord> poll(Duration wait) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    ChunkReader.ChunkData first = done.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    Throwable failed = failure.get();
    if (failed != null) {
      throw new ConnectException("Full load failed: " + failed.getMessage(), failed);
    }
    if (first == null) {
      return out;
    }
    List<ChunkReader.ChunkData> batch = new ArrayList<>();
    batch.add(first);
    done.drainTo(batch, 16);
    for (ChunkReader.ChunkData data : batch) {
      for (ChunkReader.Payload payload : data.payloads()) {
        out.add(records.copy(data.chunk(), payload));
      }
      workers.release(data.bytes());
      finishChunk(data, out);
    }
    return out;
  }

  private void finishChunk(ChunkReader.ChunkData data, List<SourceRecord> out) {
    TableProgress table = progress.get(data.chunk().table().id());
    table.chunksDone++;
    table.rows += data.rows();
    table.bytes += data.bytes();
    if (table.chunksDone == table.chunks) {
      tablesLeft--;
      out.add(records.end(table.table, table.rows, tablesLeft == 0));
      LOG.info(
          "Read {}: {} rows, {} MiB of COPY text in {} chunks ({} tables left)",
          table.table.id().quoted(),
          table.rows,
          table.bytes >> 20,
          table.chunks,
          tablesLeft);
    }
    if (tablesLeft == 0) {
      LOG.info(
          "Full load read in {} s",
          Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
    }
  }

  /** Whether every table's records, the last end record included, have been polled. */
  public boolean finished() {
    return tablesLeft == 0;
  }

  /** Stops the workers and ends the snapshot's export, freeing the slot. */
  @Override
  public void close() {
    workers.close();
    snapshot.close();
  }

  /** Starts reading: the workers import the snapshot and take chunks in order. */
  static FullLoad start(
      ExportedSnapshot snapshot,
      FullLoadRecords records,
      List<Chunk> chunks,
      ChunkWorkers.ReaderFactory readers,
      ChunkReader guard,
      int workerCount,
      long bufferBytes)
      throws SQLException {
    LinkedBlockingQueue<ChunkReader.ChunkData> done = new LinkedBlockingQueue<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workerCount + 1,
            r -> {
              Thread t = new Thread(r, "pgcarry-full-load");
              t.setDaemon(true);
              return t;
            });
    ChunkWorkers workers =
        new ChunkWorkers(pool, readers, guard, chunks, done::add, failure, bufferBytes);
    workers.start(workerCount);
    return new FullLoad(snapshot, records, chunks, workers, done, failure);
  }
}
