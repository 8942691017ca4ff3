package io.pgcarry.migrate.verify;

import io.pgcarry.common.Connections;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.verify.ChunkResultTable;
import io.pgcarry.common.verify.ChunkResultTable.ChunkResult;
import io.pgcarry.common.verify.KeyRange;
import io.pgcarry.common.verify.RowChecksum;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.migrate.state.WorkDir;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * either is untouched since the sink compared it identical, and so is identical still, or is
 * compared again, directly on both databases, which no longer change. Only the chunks the stream
 * touched after their marker ({@link ChangedChunks}), and those the run did not find identical, are
 * read again; the cutover window holds their read, not a scan of every table.
 *
 * <p>What it proves: the rows the source and the target hold in each verified chunk are equal. What
 * it does not: rows written to the target by anyone but pgcarry after a chunk was compared, in a
 * chunk the stream did not touch afterwards, are not seen; tables the run did not verify are named
 * as such. Stateless; each call opens its own connections and consumer.
 */
public final class CutoverRecheck {

  /**
   * What the re-check found.
   *
   * @param run the online verification run brought up to date
   * @param chunks the run's chunks of tables that still exist
   * @param rechecked the chunks compared again
   * @param records change records read to find them
   * @param differing each chunk that differs, for people
   * @param unverified the selected tables the run did not verify
   * @param scan how long finding the touched chunks took
   * @param took how long the whole re-check took
   */
  public record Outcome(
      String run,
      int chunks,
      int rechecked,
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
              + ": "
              + rechecked
              + " of "
              + chunks
              + " chunks changed since compared or not found identical ("
              + records
              + " change records read in "
              + scan.toMillis()
              + " ms); re-checked with writes stopped in "
              + took.toMillis()
              + " ms: "
              + (identical() ? "identical" : differing.size() + " differ");
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
    Instant start = Instant.now();
    OnlineVerifyPlan plan = kept.get();
    Map<Integer, ChunkResult> results = new HashMap<>();
    ChunkResultTable table = ChunkResultTable.beside(spec.positionTable());
    try (Connection target = Connections.open(spec.target(), "target")) {
      target.setAutoCommit(true);
      if (table.exists(target)) {
        for (ChunkResult result : table.read(target, spec.name(), plan.run())) {
          results.put(result.marker().chunk(), result);
        }
      }
    }
    Map<TableId, List<PlannedChunk>> byTable = new LinkedHashMap<>();
    plan.planned()
        .forEach(c -> byTable.computeIfAbsent(c.table().table(), t -> new ArrayList<>()).add(c));
    Map<TableId, TableToVerify> current;
    try (Connection source = Connections.open(spec.source(), "source")) {
      source.setAutoCommit(true);
      current =
          VerifyCatalog.read(source, spec.selection(), spec.publicationName(), spec.mapping())
              .stream()
              .collect(
                  Collectors.toMap(
                      TableToVerify::table, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
    ChangedChunks changed = new ChangedChunks(client);
    Instant started = OnlineVerification.started(plan.run());
    Set<Integer> untouched = new HashSet<>();
    long records = 0;
    int chunks = 0;
    List<PlannedChunk> recheck = new ArrayList<>();
    for (Map.Entry<TableId, List<PlannedChunk>> entry : byTable.entrySet()) {
      if (!current.containsKey(entry.getKey())) {
        continue;
      }
      chunks += entry.getValue().size();
      List<PlannedChunk> identical =
          entry.getValue().stream()
              .filter(c -> results.containsKey(c.number()) && results.get(c.number()).matches())
              .toList();
      if (!identical.isEmpty()) {
        TableId id = entry.getKey();
        ChangedChunks.Scan scan =
            changed.scan(
                spec.topicPrefix() + "." + id.schema() + "." + id.table(),
                plan.run(),
                started,
                identical);
        records += scan.records();
        untouched.addAll(scan.untouched());
      }
      entry.getValue().stream().filter(c -> !untouched.contains(c.number())).forEach(recheck::add);
    }
    Duration scan = Duration.between(start, Instant.now());
    List<String> differing = compare(recheck, current);
    List<String> unverified =
        current.keySet().stream()
            .filter(id -> !byTable.containsKey(id))
            .map(TableId::toString)
            .toList();
    return Optional.of(
        new Outcome(
            plan.run(),
            chunks,
            recheck.size(),
            records,
            differing,
            unverified,
            scan,
            Duration.between(start, Instant.now())));
  }

  /**
   * Compares the chunks on both databases, with the tables' columns as they are now; a table whose
   * key is no longer the one its ranges are of is compared whole, once.
   */
  private List<String> compare(List<PlannedChunk> chunks, Map<TableId, TableToVerify> current)
      throws SQLException {
    List<String> differing = new ArrayList<>();
    if (chunks.isEmpty()) {
      return differing;
    }
    NameMapping mapping = spec.mapping();
    Set<TableId> wholeDone = new HashSet<>();
    try (Connection source = Connections.open(spec.source(), "source");
        Connection target = Connections.open(spec.target(), "target")) {
      source.setAutoCommit(true);
      target.setAutoCommit(true);
      RowChecksum.setTextForm(source, false);
      RowChecksum.setTextForm(target, false);
      for (PlannedChunk chunk : chunks) {
        TableToVerify table = current.get(chunk.table().table());
        String key = chunk.table().key();
        KeyRange range = chunk.range();
        if (!range.whole() && !key.equals(table.key())) {
          range = KeyRange.ALL;
        }
        if (range.whole() && !wholeDone.add(table.table())) {
          continue;
        }
        TableId id = table.table();
        TableId targetId = mapping.table(id);
        RowChecksum.Result s = RowChecksum.compute(source, id, table.columns(), key, range);
        RowChecksum.Result t =
            exists(target, targetId)
                ? RowChecksum.compute(
                    target,
                    targetId,
                    table.columns().stream().map(c -> mapping.column(id, c)).toList(),
                    key == null ? null : mapping.column(id, key),
                    range)
                : null;
        if (!s.equals(t)) {
          String where = id + (range.whole() ? " (the whole table)" : " " + range.describe(key));
          differing.add(
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
    }
    return differing;
  }

  private static boolean exists(Connection connection, TableId table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, table.quoted());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
