package io.pgcarry.migrate.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.MigrationName;
import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.stream.ChunkMarker;
import io.pgcarry.common.stream.PositionTable;
import io.pgcarry.common.verify.ChunkResultTable;
import io.pgcarry.common.verify.ChunkResultTable.ChunkResult;
import io.pgcarry.common.verify.KeyRange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code pgcarry verify --online}: verifies every selected table of a streaming migration while the
 * source is written, exactly. Each table is cut into key ranges ({@link RangePlanner}); each range
 * is checked on the source in a short transaction that holds the table in {@code SHARE} mode and
 * writes the chunk's count and checksum into the change stream as a marker ({@link ChunkEmitter});
 * the sink compares the same rows of the target when it reaches the marker, where the target stands
 * exactly where the source stood, and records both in the verified chunk table ({@link
 * ChunkResultTable}), which this reads back. A difference is a real difference.
 *
 * <p>Chunks are checked on {@code jobs} connections at once, within a rate of rows read per second;
 * a chunk whose table cannot be locked within the lock timeout is tried again later, until the
 * deadline. With {@link #repair}, the chunks that differ are then replaced on the target through
 * the stream and compared again. Stopping it midway leaves nothing on the source: every setting and
 * lock is its transaction's; its plan ({@link OnlineVerifyPlan}) lets it resume, checking only the
 * chunks the sink has not compared (a chunk whose marker was written but not yet compared is
 * written again, and the first comparison stands). What it leaves on the target is bookkeeping,
 * removed with the positions by cutover and cleanup. Not thread-safe: one run at a time.
 */
public final class OnlineVerification {

  private static final Duration POLL = Duration.ofMillis(500);

  /** The start of a run's name: when it started, in UTC. */
  private static final DateTimeFormatter RUN_START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * The most rows, on either side, of a differing chunk whose rows are named: its rows are read
   * again and carried whole (at most 512 KiB of COPY text) through the stream.
   */
  static final long INSPECTED_ROWS = 10_000;

  /**
   * What to verify, and how gently.
   *
   * @param migration the streaming migration (one source database)
   * @param source the source database; the role must be allowed to {@code LOCK TABLE … IN SHARE
   *     MODE} the tables (UPDATE, DELETE or TRUNCATE on them, or their owner)
   * @param target the target database
   * @param selection which source tables, by source name
   * @param mapping the names the target has, as migrate was given them
   * @param rowsPerChunk rows of one chunk, about
   * @param rowsPerSecond the most rows read from the source per second, 0 for no limit
   * @param jobs connections checking chunks at once
   * @param lockTimeout how long one attempt waits for a table's lock
   * @param timeout how long the whole verification may take
   */
  public record Settings(
      MigrationName migration,
      PgUri source,
      PgUri target,
      Predicate<TableId> selection,
      NameMapping mapping,
      long rowsPerChunk,
      long rowsPerSecond,
      int jobs,
      Duration lockTimeout,
      Duration timeout) {}

  private final Settings settings;
  private final ChunkResultTable results = ChunkResultTable.beside(PositionTable.DEFAULT);
  private List<PlannedChunk> planned = List.of();

  public OnlineVerification(Settings settings) {
    this.settings = settings;
  }

  /**
   * Verifies the tables.
   *
   * @param resume the plan of a run stopped before its end, to resume: its chunks the sink has
   *     already compared are not checked again; or null for a new run
   * @param kept receives the plan of a new run, to keep for a resume
   * @param migration whether the migration streams: the wait for the sink goes on while {@code
   *     migrate} is stopped or resumes, and ends when the migration left streaming for good
   * @param progress one line at a time, for the operator
   * @param interim the report so far, each time the sink's results are read, for {@code status}
   * @throws IllegalStateException when the source cannot carry markers (before PostgreSQL 14) or
   *     the migration left streaming for good (cutover) before the sink compared every chunk
   */
  public OnlineVerifyReport run(
      OnlineVerifyPlan resume,
      Consumer<OnlineVerifyPlan> kept,
      MigrationWatch migration,
      Consumer<String> progress,
      Consumer<OnlineVerifyReport> interim)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(settings.timeout());
    String run;
    if (resume == null) {
      run = runName();
      planned = plan(run);
      kept.accept(OnlineVerifyPlan.of(run, planned));
      progress.accept(
          "online verification "
              + run
              + ": "
              + planned.stream().map(c -> c.table().table()).distinct().count()
              + " tables in "
              + planned.size()
              + " chunks");
    } else {
      run = resume.run();
      planned = resume.planned();
    }
    Map<Integer, ChunkMarker> compared = new HashMap<>();
    try (Connection target = Connections.open(settings.target(), "target")) {
      // The sink creates the table too; created here, it can be read before the first result.
      results.create(target);
      if (!target.getAutoCommit()) {
        target.commit();
      }
      if (resume != null) {
        for (ChunkResult result : results.read(target, settings.migration().value(), run)) {
          compared.put(result.marker().chunk(), result.marker());
        }
      }
    }
    if (resume != null) {
      progress.accept(
          "resuming online verification "
              + run
              + ": "
              + compared.size()
              + " of "
              + planned.size()
              + " chunks already compared");
    }
    ChunkWriter.Opener emitters =
        source -> new ChunkEmitter(source, settings.migration().value(), settings.lockTimeout());
    return check(run, planned, compared, emitters, deadline, migration, progress, interim);
  }

  /**
   * Repairs the chunks that {@link #run} found differing, through the stream ({@link
   * ChunkRepairer}): each is read again on the source under the same lock and replaces the same
   * rows on the target at its place in the stream, where the sink then compares it again.
   *
   * @param report this verification's report
   * @return the report of the repair: each repaired chunk compared after its repair
   */
  public OnlineVerifyReport repair(
      OnlineVerifyReport report,
      MigrationWatch migration,
      Consumer<String> progress,
      Consumer<OnlineVerifyReport> interim)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(settings.timeout());
    String run = runName();
    List<Integer> differing =
        report.tables().stream()
            .flatMap(t -> t.differing().stream())
            .map(OnlineVerifyReport.ChunkDifference::chunk)
            .toList();
    List<PlannedChunk> chunks = rerun(run, differing).stream().map(RerunChunk::renumbered).toList();
    progress.accept("repair " + run + ": " + chunks.size() + " chunks");
    ChunkWriter.Opener repairers =
        source ->
            new ChunkRepairer(source, settings.migration().value(), settings.lockTimeout(), false);
    return check(run, chunks, Map.of(), repairers, deadline, migration, progress, interim);
  }

  /**
   * Names the rows that differ in the chunks that {@link #run} found differing, of at most {@link
   * #INSPECTED_ROWS} rows on the source: each is read again on the source under the same lock and
   * its rows carried through the stream to its place there, where the sink compares them row by row
   * with the target's ({@link ChunkRepairer} as an inspection), changing nothing.
   *
   * @param report this verification's report
   * @return the report with the rows that differ of each chunk inspected
   */
  public OnlineVerifyReport inspect(
      OnlineVerifyReport report,
      MigrationWatch migration,
      Consumer<String> progress,
      Consumer<OnlineVerifyReport> interim)
      throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(settings.timeout());
    String run = runName();
    List<Integer> differing =
        report.tables().stream()
            .flatMap(t -> t.differing().stream())
            .filter(d -> d.sourceRows() <= INSPECTED_ROWS && d.targetRows() <= INSPECTED_ROWS)
            .map(OnlineVerifyReport.ChunkDifference::chunk)
            .toList();
    if (differing.isEmpty()) {
      return report;
    }
    List<RerunChunk> chosen = rerun(run, differing);
    List<PlannedChunk> chunks = chosen.stream().map(RerunChunk::renumbered).toList();
    progress.accept("inspection " + run + ": the rows that differ in " + chunks.size() + " chunks");
    ChunkWriter.Opener inspectors =
        source ->
            new ChunkRepairer(source, settings.migration().value(), settings.lockTimeout(), true);
    ChunkRunner runner =
        new ChunkRunner(
            settings, inspectors, new RowRate(settings.rowsPerSecond()), deadline, progress);
    ChunkRunner.Outcome emitted = runner.run(chunks);
    Map<Integer, ChunkResult> compared =
        await(run, emitted.markers(), migration, deadline, progress, sofar -> {});
    Map<Integer, List<String>> rows = new HashMap<>();
    for (RerunChunk chunk : chosen) {
      ChunkResult result = compared.get(chunk.renumbered().number());
      if (result != null && result.differingRows() != null) {
        rows.put(chunk.original(), result.differingRows());
      }
    }
    OnlineVerifyReport inspected = report.withRows(rows);
    interim.accept(inspected);
    return inspected;
  }

  /**
   * A chunk of this verification checked again in a run of its own.
   *
   * @param renumbered the chunk as the new run numbers it
   * @param original its number in this verification
   */
  private record RerunChunk(PlannedChunk renumbered, int original) {}

  /**
   * The planned chunks whose numbers are among {@code numbers}, in the plan's order, numbered again
   * from 1 as the chunks of run {@code run}.
   */
  private List<RerunChunk> rerun(String run, List<Integer> numbers) {
    List<PlannedChunk> chosen = planned.stream().filter(c -> numbers.contains(c.number())).toList();
    List<RerunChunk> chunks = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      PlannedChunk chunk = chosen.get(i);
      chunks.add(
          new RerunChunk(
              new PlannedChunk(run, i + 1, chosen.size(), chunk.table(), chunk.range()),
              chunk.number()));
    }
    return chunks;
  }

  /**
   * Writes the chunks from the source, but for those compared before (a run resumed), and waits for
   * the sink to compare them.
   *
   * @param before the markers of the chunks the sink compared before, by chunk number
   */
  private OnlineVerifyReport check(
      String run,
      List<PlannedChunk> chunks,
      Map<Integer, ChunkMarker> before,
      ChunkWriter.Opener writers,
      Instant deadline,
      MigrationWatch migration,
      Consumer<String> progress,
      Consumer<OnlineVerifyReport> interim)
      throws SQLException, InterruptedException {
    ChunkRunner runner =
        new ChunkRunner(
            settings, writers, new RowRate(settings.rowsPerSecond()), deadline, progress);
    interim.accept(
        report(run, chunks, new ChunkRunner.Outcome(before, Map.of(), Map.of()), Map.of(), false));
    ChunkRunner.Outcome ran =
        runner.run(chunks.stream().filter(c -> !before.containsKey(c.number())).toList());
    Map<Integer, ChunkMarker> markers = new HashMap<>(before);
    markers.putAll(ran.markers());
    ChunkRunner.Outcome emitted = new ChunkRunner.Outcome(markers, ran.attempts(), ran.refused());
    Map<Integer, ChunkResult> compared =
        await(
            run,
            emitted.markers(),
            migration,
            deadline,
            progress,
            sofar -> interim.accept(report(run, chunks, emitted, sofar, false)));
    return report(run, chunks, emitted, compared, true);
  }

  /** The run's name: when it started, and a random part. */
  private static String runName() {
    return RUN_START.format(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /**
   * When a run started, to the second, as its name says; {@link Instant#EPOCH} for a name that does
   * not say it.
   */
  static Instant started(String run) {
    int dash = run.indexOf('-');
    try {
      return Instant.from(RUN_START.parse(dash < 0 ? run : run.substring(0, dash)));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** Every table's chunks, numbered across the run. */
  private List<PlannedChunk> plan(String run) throws SQLException {
    List<TableToVerify> tables;
    try (Connection source = Connections.open(settings.source(), "source")) {
      requireMessages(source);
      tables =
          VerifyCatalog.read(
              source,
              settings.selection(),
              settings.migration().publicationName(),
              settings.mapping());
    }
    RangePlanner planner = new RangePlanner(settings.rowsPerChunk());
    List<Map.Entry<TableToVerify, KeyRange>> ranges = new ArrayList<>();
    for (TableToVerify table : tables) {
      planner.plan(table).forEach(range -> ranges.add(Map.entry(table, range)));
    }
    List<PlannedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      chunks.add(
          new PlannedChunk(
              run, i + 1, ranges.size(), ranges.get(i).getKey(), ranges.get(i).getValue()));
    }
    return chunks;
  }

  /** pgoutput carries logical messages from PostgreSQL 14 on. */
  private static void requireMessages(Connection source) throws SQLException {
    try (Statement statement = source.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
      rs.next();
      if (rs.getInt(1) < 140000) {
        throw new IllegalStateException(
            "the online verification needs a source of PostgreSQL 14 or later, whose logical"
                + " decoding carries messages; verify this migration after cutover instead");
      }
    }
  }

  /** Waits until the sink has compared every chunk whose marker was written, or the deadline. */
  private Map<Integer, ChunkResult> await(
      String run,
      Map<Integer, ChunkMarker> markers,
      MigrationWatch migration,
      Instant deadline,
      Consumer<String> progress,
      Consumer<Map<Integer, ChunkResult>> sofar)
      throws SQLException, InterruptedException {
    Map<Integer, ChunkResult> compared = new HashMap<>();
    int reported = -1;
    boolean wasStreaming = true;
    try (Connection target = Connections.open(settings.target(), "target")) {
      target.setAutoCommit(true);
      while (true) {
        for (ChunkResult result : results.read(target, settings.migration().value(), run)) {
          compared.put(result.marker().chunk(), result);
        }
        sofar.accept(Map.copyOf(compared));
        if (compared.keySet().containsAll(markers.keySet()) || Instant.now().isAfter(deadline)) {
          return compared;
        }
        if (migration.ended()) {
          throw new IllegalStateException(
              "migration "
                  + settings.migration()
                  + " ended its streaming before the sink compared every chunk ("
                  + compared.size()
                  + " of "
                  + markers.size()
                  + ")");
        }
        boolean streams = migration.streaming();
        if (streams != wasStreaming) {
          wasStreaming = streams;
          progress.accept(
              streams
                  ? "migrate streams again; the sink goes on comparing where it was"
                  : "migrate is not streaming (stopped, or resuming): the markers wait in the"
                      + " replication slot until it runs again, until the deadline");
        }
        if (compared.size() != reported) {
          reported = compared.size();
          progress.accept(
              "the sink has compared " + reported + " of " + markers.size() + " chunks");
        }
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  /**
   * The report of a run from what was emitted and compared; a finished one says why each chunk
   * without a verdict has none.
   */
  private OnlineVerifyReport report(
      String run,
      List<PlannedChunk> chunks,
      ChunkRunner.Outcome emitted,
      Map<Integer, ChunkResult> compared,
      boolean finished) {
    Map<TableId, List<PlannedChunk>> byTable = new LinkedHashMap<>();
    chunks.forEach(c -> byTable.computeIfAbsent(c.table().table(), t -> new ArrayList<>()).add(c));
    List<OnlineVerifyReport.TableVerdict> verdicts = new ArrayList<>();
    byTable.forEach(
        (table, planned) -> {
          VerdictTally tally = new VerdictTally(finished, settings.lockTimeout());
          for (PlannedChunk chunk : planned) {
            tally.add(
                chunk,
                emitted.markers().get(chunk.number()),
                compared.get(chunk.number()),
                emitted.attempts().getOrDefault(chunk.number(), 0),
                emitted.refused().get(chunk.number()));
          }
          verdicts.add(tally.verdict(table.toString(), settings.mapping().table(table).toString()));
        });
    return new OnlineVerifyReport(run, verdicts);
  }
}
