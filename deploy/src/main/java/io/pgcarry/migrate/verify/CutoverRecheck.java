package io.pgcarry.migrate.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.Relations;
import io.pgcarry.common.verify.ChunkResultTable;
import io.pgcarry.common.verify.ChunkResultTable.ChunkResult;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.state.WorkDir;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The last online verification, brought up to the cutover: once the application has stopped writing
 * and the sink has applied every change, each chunk of the migration's last online verification run
 * that the sink found identical either is untouched since ({@link ChangedChunks}), and so is
 * identical still, or was changed since by changes of known keys alone, and is compared again by
 * those rows on both databases, which no longer change: its other rows are those that compared
 * equal, on both sides. Every other chunk the run compared (not found identical, or touched by a
 * record that may change any of its rows) is compared again whole; a chunk the run never compared
 * (it stopped before the sink reached it) is named, not compared. The cutover window holds the
 * changed rows' read, not a scan of every table.
 *
 * <p>Why the changed rows suffice: the chunk's sums of row hashes were equal when compared; since,
 * only the rows of the changed keys moved, on either side; so the sums are equal now exactly when
 * the sums over those rows are, up to the chance of two different sets of rows having one 64-bit
 * sum that the comparison itself has.
 *
 * <p>What it proves: the rows the source and the target hold in each verified chunk are equal. What
 * it does not: a row written to the target by anyone but pgcarry after its chunk was compared, and
 * not changed by the stream since, is not seen; tables the run did not verify are named as such.
 * Stateless; each call opens its own connections and consumer.
 */
public final class CutoverRecheck {

  /**
   * What the re-check found.
   *
   * @param run the online verification run brought up to date
   * @param chunks the run's chunks of tables that still exist
   * @param untouched chunks found identical that nothing changed since
   * @param byKeys chunks found identical and changed since by changes of known keys alone, compared
   *     again by those rows
   * @param keys the rows of those chunks compared again
   * @param whole chunks compared again whole
   * @param notCompared chunks the run never compared (stopped before the sink reached them), not
   *     compared now either: a scan of them does not belong in the cutover window
   * @param records change records read to tell them apart
   * @param differing each chunk that differs, for people
   * @param unverified the selected tables the run did not verify
   * @param scan how long reading the change records took
   * @param took how long the whole re-check took
   */
  public record Outcome(
      String run,
      int chunks,
      int untouched,
      int byKeys,
      long keys,
      int whole,
      int notCompared,
      long records,
      List<String> differing,
      List<String> unverified,
      Duration scan,
      Duration took) {

    public Outcome {
      differing = List.copyOf(differing);
      unverified = List.copyOf(unverified);
    }

    public boolean identical() {
      return differing.isEmpty();
    }

    /** One line for the cutover's summary. */
    public String summary() {
      String line =
          "online verification "
              + run
              + " brought up to the cutover: of "
              + chunks
              + " chunks, "
              + untouched
              + " untouched since compared, "
              + byKeys
              + " compared again by their "
              + keys
              + " rows changed since, "
              + whole
              + " compared again whole ("
              + records
              + " change records read in "
              + scan.toMillis()
              + " ms); "
              + (identical() ? "identical" : differing.size() + " differ")
              + " in "
              + took.toMillis()
              + " ms"
              + (notCompared == 0
                  ? ""
                  : "; "
                      + notCompared
                      + " chunks the verification never compared, not compared now (verify"
                      + " them after the cutover)");
      return unverified.isEmpty()
          ? line
          : line + "; not verified online: " + String.join(", ", unverified);
    }
  }

  private final MigrationSpec spec;
  private final Properties client;

  /**
   * @param spec the migration, one source database
   * @param client the settings of pgcarry's Kafka client of the cluster, bootstrap servers included
   */
  public CutoverRecheck(MigrationSpec spec, Properties client) {
    this.spec = spec;
    this.client = client;
  }

  /**
   * Re-checks the last online verification of the migration whose work directory is {@code dir};
   * empty when none ran.
   */
  public Optional<Outcome> run(WorkDir dir) throws SQLException {
    Optional<OnlineVerifyPlan> kept = dir.readOnlineVerifyPlan();
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    try (Connection source = Connections.open(spec.source(), "source");
        Connection target = Connections.open(spec.target(), "target")) {
      source.setAutoCommit(true);
      target.setAutoCommit(true);
      return Optional.of(run(kept.get(), source, target));
    }
  }

  private Outcome run(OnlineVerifyPlan plan, Connection source, Connection target)
      throws SQLException {
    Instant start = Instant.now();
    Map<Integer, ChunkResult> results = new HashMap<>();
    ChunkResultTable table = ChunkResultTable.beside(spec.positionTable());
    if (table.exists(target)) {
      for (ChunkResult result : table.read(target, spec.name(), plan.run())) {
        results.put(result.marker().chunk(), result);
      }
    }
    Map<TableId, List<PlannedChunk>> byTable = new LinkedHashMap<>();
    plan.planned()
        .forEach(c -> byTable.computeIfAbsent(c.table().table(), t -> new ArrayList<>()).add(c));
    Map<TableId, TableToVerify> current =
        VerifyCatalog.read(source, spec.selection(), spec.publicationName(), spec.mapping())
            .stream()
            .collect(
                Collectors.toMap(
                    TableToVerify::table, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Map<String, List<PlannedChunk>> identical = new LinkedHashMap<>();
    for (Map.Entry<TableId, List<PlannedChunk>> entry : byTable.entrySet()) {
      List<PlannedChunk> found =
          entry.getValue().stream()
              .filter(c -> results.containsKey(c.number()) && results.get(c.number()).matches())
              .toList();
      if (current.containsKey(entry.getKey()) && !found.isEmpty()) {
        identical.put(topic(entry.getKey()), found);
      }
    }
    Map<String, ChangedChunks.Scan> scans =
        new ChangedChunks(client)
            .scan(identical, plan.run(), OnlineVerification.started(plan.run()));
    int chunks = 0;
    int untouched = 0;
    int notCompared = 0;
    long records = 0;
    Map<PlannedChunk, Set<Long>> recheck = new LinkedHashMap<>();
    for (Map.Entry<TableId, List<PlannedChunk>> entry : byTable.entrySet()) {
      if (!current.containsKey(entry.getKey())) {
        continue;
      }
      chunks += entry.getValue().size();
      ChangedChunks.Scan scan =
          scans.getOrDefault(topic(entry.getKey()), ChangedChunks.Scan.unknown(0));
      records += scan.records();
      for (PlannedChunk chunk : entry.getValue()) {
        if (!results.containsKey(chunk.number())) {
          notCompared++;
        } else if (scan.untouched().contains(chunk.number())) {
          untouched++;
        } else {
          recheck.put(chunk, scan.changedKeys().get(chunk.number()));
        }
      }
    }
    Duration scan = Duration.between(start, Instant.now());
    Tally tally = compare(recheck, current, source, target);
    List<String> unverified =
        current.keySet().stream()
            .filter(id -> !byTable.containsKey(id))
            .map(TableId::toString)
            .toList();
    return new Outcome(
        plan.run(),
        chunks,
        untouched,
        tally.byKeys,
        tally.keys,
        tally.whole,
        notCompared,
        records,
        tally.differing,
        unverified,
        scan,
        Duration.between(start, Instant.now()));
  }

  /** The change topic of a source table. */
  private String topic(TableId table) {
    return spec.topicPrefix() + "." + table.schema() + "." + table.table();
  }

  /** What the comparisons found. */
  private static final class Tally {
    int byKeys;
    long keys;
    int whole;
    final List<String> differing = new ArrayList<>();
  }

  /**
   * Compares the chunks on both databases, with the tables' columns as they are now: a chunk
   * identical when compared and changed since by known keys alone, by the rows of those keys (the
   * others are as they were on both sides); any other chunk whole. A table whose key is no longer
   * the one its ranges are of is compared whole, once.
   *
   * @param chunks the chunks, with their changed keys or null
   */
  private Tally compare(
      Map<PlannedChunk, Set<Long>> chunks,
      Map<TableId, TableToVerify> current,
      Connection source,
      Connection target)
      throws SQLException {
    Tally tally = new Tally();
    if (chunks.isEmpty()) {
      return tally;
    }
    NameMapping mapping = spec.mapping();
    Set<TableId> wholeDone = new HashSet<>();
    Map<TableId, Boolean> onTarget = new HashMap<>();
    RowChecksum.setTextForm(source, false);
    RowChecksum.setTextForm(target, false);
    for (Map.Entry<PlannedChunk, Set<Long>> entry : chunks.entrySet()) {
      PlannedChunk chunk = entry.getKey();
      TableToVerify table = current.get(chunk.table().table());
      String key = chunk.table().key();
      boolean sameKey = key != null && key.equals(table.key());
      KeyRange range = sameKey ? chunk.range() : KeyRange.ALL;
      long[] keys =
          sameKey && entry.getValue() != null
              ? entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray()
              : null;
      if (keys == null && range.whole() && !wholeDone.add(table.table())) {
        continue;
      }
      TableId id = table.table();
      TableId targetId = mapping.table(id);
      List<String> targetColumns =
          table.columns().stream().map(c -> mapping.column(id, c)).toList();
      Boolean targetExists = onTarget.get(targetId);
      if (targetExists == null) {
        targetExists = Relations.exists(target, targetId);
        onTarget.put(targetId, targetExists);
      }
      RowChecksum.Result s;
      RowChecksum.Result t = null;
      String where = id + (range.whole() ? " (the whole table)" : " " + range.describe(key));
      if (keys != null) {
        tally.byKeys++;
        tally.keys += keys.length;
        where +=
            ", the "
                + keys.length
                + (keys.length == 1 ? " row" : " rows")
                + " changed since it was compared";
        s = RowChecksum.computeKeys(source, id, table.columns(), key, keys);
        if (targetExists) {
          t =
              RowChecksum.computeKeys(
                  target, targetId, targetColumns, mapping.column(id, key), keys);
        }
      } else {
        tally.whole++;
        s = RowChecksum.compute(source, id, table.columns(), key, range);
        if (targetExists) {
          t =
              RowChecksum.compute(
                  target,
                  targetId,
                  targetColumns,
                  key == null ? null : mapping.column(id, key),
                  range);
        }
      }
      if (!s.equals(t)) {
        tally.differing.add(
            t == null
                ? where + ": " + targetId + " is missing on the target"
                : where
                    + ": "
                    + s.rows()
                    + " rows on the source, "
                    + t.rows()
                    + " on the target"
                    + (s.rows() == t.rows() ? ", their checksums differ" : ""));
      }
    }
    return tally;
  }
}
