package io.pgcarry.sink.event;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts what the sink read under the target's names ({@link NameMapping}): the table, the columns of
 * row images and keys, the columns of full-load records. A column the mapping leaves out is
 * dropped; the source connector normally does not read it at all ({@code column.exclude.list}), and
 * when it does, the sink says so once per table. Not thread-safe: one per task.
 */
public final class TargetNaming {

  private static final Logger LOG = LoggerFactory.getLogger(TargetNaming.class);

  private final NameMapping mapping;
  private final Set<TableId> warned = new HashSet<>();

  /** Row schemas renamed so far, by their column list (shared by the rows of one schema). */
  private final Map<List<String>, Renamed> renamed = new IdentityHashMap<>();

  private static final int CACHED = 1_000;

  public TargetNaming(NameMapping mapping) {
    this.mapping = mapping;
  }

  /**
   * The change under target names; the same object when the mapping changes nothing.
   *
   * @throws ConnectException when a key column of the change is one the mapping leaves out, since
   *     the sink could not find the change's row
   */
  public Change apply(Change change) {
    if (mapping.isIdentity() || change == null) {
      return change;
    }
    if (change instanceof ChangeEvent event) {
      return event(event);
    }
    if (change instanceof FullLoadRecord record) {
      return fullLoad(record);
    }
    return change;
  }

  /**
   * A chunk marker's table, columns and key under the target's names; the same object when the
   * mapping changes nothing. The marker names only columns the online verification found carried by
   * its mapping; under another mapping than the sink's the checksums differ, which the verification
   * reports.
   */
  public ChunkCheck apply(ChunkCheck check) {
    if (mapping.isIdentity()) {
      return check;
    }
    TableId source = check.marker().table();
    return new ChunkCheck(
        check.marker(),
        mapping.table(source),
        check.marker().columns().stream().map(c -> mapping.column(source, c)).toList(),
        check.marker().key() == null ? null : mapping.column(source, check.marker().key()),
        check.position(),
        check.record(),
        check.rows(),
        check.inspect());
  }

  private ChangeEvent event(ChangeEvent event) {
    TableId source = event.table();
    List<String> keys = new ArrayList<>();
    for (String key : event.keyColumns()) {
      if (!mapping.carries(source, key)) {
        throw new ConnectException(
            "column "
                + key
                + " of "
                + source
                + " is the key of its change events, but name.mapping leaves it out: the sink"
                + " could not find the rows to change. Carry the column (the precheck reports"
                + " this before a migration starts)");
      }
      keys.add(mapping.column(source, key));
    }
    return new ChangeEvent(
        mapping.table(source),
        event.kind(),
        row(source, event.before()),
        row(source, event.after()),
        keys,
        event.source(),
        event.position(),
        event.snapshotStart(),
        event.initialSnapshot());
  }

  private Row row(TableId source, Row image) {
    if (image == null) {
      return null;
    }
    List<String> columns = image.columns();
    Renamed renamed = this.renamed.get(columns);
    if (renamed == null || !renamed.table.equals(source)) {
      renamed = rename(source, columns);
      if (this.renamed.size() >= CACHED) {
        this.renamed.clear();
      }
      this.renamed.put(columns, renamed);
    }
    return renamed.all
        ? image.renamed(renamed.columns)
        : image.narrowed(renamed.columns, renamed.keep);
  }

  private Renamed rename(TableId source, List<String> columns) {
    List<String> names = new ArrayList<>();
    boolean[] keep = new boolean[columns.size()];
    for (int i = 0; i < keep.length; i++) {
      String column = columns.get(i);
      keep[i] = mapping.carries(source, column);
      if (keep[i]) {
        names.add(mapping.column(source, column));
      } else {
        dropping(source, column);
      }
    }
    return new Renamed(source, Row.Columns.of(names), keep, names.size() == keep.length);
  }

  /** How the columns of one row schema of a table are named on the target. */
  private record Renamed(TableId table, Row.Columns columns, boolean[] keep, boolean all) {}

  private FullLoadRecord fullLoad(FullLoadRecord record) {
    TableId source = record.table();
    List<String> columns = new ArrayList<>();
    boolean[] kept = new boolean[record.columns().size()];
    for (int i = 0; i < kept.length; i++) {
      String column = record.columns().get(i);
      kept[i] = mapping.carries(source, column);
      if (kept[i]) {
        columns.add(mapping.column(source, column));
      } else {
        dropping(source, column);
      }
    }
    byte[] data =
        columns.size() == kept.length ? record.data() : CopyColumns.keep(record.data(), kept);
    return new FullLoadRecord(
        record.kind(),
        mapping.table(source),
        record.snapshot(),
        columns,
        record.rows(),
        record.chunk(),
        record.chunks(),
        data,
        record.position(),
        record.startsSnapshot(),
        record.change());
  }

  /**
   * Refuses a captured DDL command that touches an object the mapping renames: its text names the
   * source's objects, and pgcarry does not rewrite SQL.
   *
   * @throws ConnectException naming the objects, the command and the way out
   */
  public void requireKeptNames(SchemaChange command) {
    command
        .renamedObjects(mapping)
        .ifPresent(
            renamed -> {
              throw new ConnectException(
                  "The DDL "
                      + command.tag()
                      + " captured at "
                      + command.lsn()
                      + " touches "
                      + renamed
                      + ", which name.mapping renames on the target; pgcarry applies captured"
                      + " DDL only to objects that keep their names. Run the equivalent"
                      + " statement on the target under the target's names, then "
                      + command.skipAdvice());
            });
  }

  private void dropping(TableId table, String column) {
    if (warned.add(table)) {
      LOG.warn(
          "The source connector sends column {} of {}, which name.mapping leaves out; the sink"
              + " drops it. Set the source connector's column.exclude.list so that it is not read"
              + " at all",
          column,
          table);
    }
  }
}
