package io.pgcarry.sink.event;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.sql.SqlScript;
import io.pgcarry.common.stream.ChangePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DDL command captured on the source, as one copy of it in one change topic ({@link
 * io.pgcarry.common.stream.SchemaChanges}). Every change topic of the migration holds a copy at its
 * place in the stream; the sink runs the command once, when every topic it names has reached it.
 * Immutable.
 *
 * @param id the command's place in the source's stream, the same in every copy and every resend:
 *     its transaction's {@code after} and {@code first}, and the LSN of its message as the number
 *     within the transaction
 * @param tag the command tag ({@code ALTER TABLE})
 * @param query the query string the client sent, which may hold other statements
 * @param ordinal which statement of the query string with this tag the command is, from 1
 * @param statement the statement to run when the trigger wrote it itself, else empty
 * @param searchPath the source session's {@code search_path} when the command ran
 * @param objects what the command created or changed, and what it dropped
 * @param topics every change topic the command was written to
 * @param position where this copy is in Kafka
 */
public record SchemaChange(
    ChangePosition id,
    String tag,
    String query,
    int ordinal,
    Optional<String> statement,
    String searchPath,
    List<ObjectRef> objects,
    List<String> topics,
    RecordPosition position) {

  /**
   * An object a command touched.
   *
   * @param type {@code pg_event_trigger_ddl_commands}' object type ({@code table}, {@code index}…)
   * @param schema its schema, or null for objects outside schemas
   * @param table the table it belongs to (itself for a table), or null
   * @param identity its identity as the server renders it, for messages
   * @param missing for a table an {@code ALTER TABLE} changed: its columns whose existing rows hold
   *     a value the source computed once when the column was added ({@code attmissingval})
   */
  public record ObjectRef(
      String type, String schema, String table, String identity, List<MissingValue> missing) {

    public ObjectRef {
      missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** An object without missing values. */
    public ObjectRef(String type, String schema, String table, String identity) {
      this(type, schema, table, identity, List.of());
    }
  }

  /**
   * A column's value in the rows that existed when it was added, as the source computed it.
   *
   * @param column the column
   * @param type its type, as {@code format_type} renders it
   * @param value {@code attmissingval} as text: an array literal of one element
   */
  public record MissingValue(String column, String type, String value) {}

  public SchemaChange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tag, "tag");
    objects = List.copyOf(objects);
    topics = List.copyOf(topics);
    Objects.requireNonNull(position, "position");
  }

  /** The LSN of the command's message: its name in messages and in {@code ddl.skip}. */
  public Lsn lsn() {
    return new Lsn(id.seq());
  }

  /** How an operator who made the target match by hand passes over the command. */
  public String skipAdvice() {
    return "set the sink connector's ddl.skip to "
        + lsn()
        + " (pgcarry migrate --skip-ddl "
        + lsn()
        + ")";
  }

  /**
   * The statement to run on the target: the one the trigger wrote, else the {@code ordinal}-th
   * statement of the query string whose leading keywords fit the tag.
   *
   * @throws IllegalStateException when the query string holds no such statement: the command ran
   *     inside a function or a {@code DO} block, whose text cannot be replayed alone
   */
  public String statementToRun() {
    if (statement.isPresent()) {
      return statement.get();
    }
    List<String> tagWords = List.of(tag.split(" "));
    List<String> fitting = new ArrayList<>();
    for (String candidate : SqlScript.statements(query)) {
      if (fits(SqlScript.leadingWords(candidate), tagWords)) {
        fitting.add(candidate);
      }
    }
    if (ordinal < 1 || ordinal > fitting.size()) {
      throw new IllegalStateException(
          tag
              + " on "
              + describeObjects()
              + " ran inside a function or a DO block (the client sent: "
              + abbreviate(query)
              + "), so its text cannot be run alone on the target");
    }
    return fitting.get(ordinal - 1);
  }

  /**
   * The objects the mapping renames, described, or empty when the command touches none: pgcarry
   * runs captured commands only on objects that keep their names.
   */
  public Optional<String> renamedObjects(NameMapping mapping) {
    if (mapping.isIdentity()) {
      return Optional.empty();
    }
    List<String> renamed = new ArrayList<>();
    for (ObjectRef object : objects) {
      if (object.schema() == null) {
        continue;
      }
      if (!mapping.schema(object.schema()).equals(object.schema())) {
        renamed.add(object.identity() + " (schema " + object.schema() + " is renamed)");
      } else if (object.table() != null
          && !mapping.keepsNames(new TableId(object.schema(), object.table()))) {
        renamed.add(object.identity() + " (table " + object.table() + " is renamed)");
      }
    }
    return renamed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", renamed));
  }

  /** The objects, for messages. */
  public String describeObjects() {
    if (objects.isEmpty()) {
      return "no object";
    }
    List<String> names = objects.stream().map(ObjectRef::identity).distinct().toList();
    return names.size() <= 3
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
  }

  /**
   * Whether a statement's leading keywords hold the tag's words in order, the first one first:
   * {@code CREATE UNIQUE INDEX} fits {@code CREATE INDEX}, {@code CREATE TABLE x AS} fits {@code
   * CREATE TABLE AS}.
   */
  static boolean fits(List<String> words, List<String> tag) {
    if (words.isEmpty() || tag.isEmpty() || !words.get(0).equals(tag.get(0))) {
      return false;
    }
    int at = 1;
    for (int i = 1; i < words.size() && at < tag.size(); i++) {
      if (words.get(i).equals(tag.get(at))) {
        at++;
      }
    }
    return at == tag.size();
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }
}
