package io.pgcarry.precheck;

import io.pgcarry.common.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Two migrated tables must not share a Kafka topic. A topic name holds only ASCII letters, digits,
 * '.', '_' and '-'; Debezium replaces any other character of a table's {@code schema.table} by '_',
 * so {@code "a b"} and {@code a_b}, or two names that differ only in accented letters, would land
 * in one topic, whose records the sink keeps one full-load position for. An error names the tables;
 * leaving one out ({@code --exclude}) or renaming it on the source mends it.
 */
final class TopicNameCheck implements Check {

  static final String ID = "topic-names";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) {
    Map<String, List<TableId>> byTopic = new TreeMap<>();
    for (TableId table : context.tables()) {
      byTopic.computeIfAbsent(topicName(table), t -> new ArrayList<>()).add(table);
    }
    List<Finding> findings = new ArrayList<>();
    byTopic.forEach(
        (topic, tables) -> {
          if (tables.size() > 1) {
            findings.add(
                Finding.error(
                    ID,
                    "tables " + describe(tables),
                    "these tables would share one Kafka topic, <migration>."
                        + topic
                        + " (a topic name holds only letters, digits, '.', '_' and '-'; other"
                        + " characters become '_'): leave all but one out with --exclude, or"
                        + " rename them on the source",
                    null));
          }
        });
    return findings;
  }

  /** The {@code schema.table} part of the table's topic name, as Debezium writes it. */
  static String topicName(TableId table) {
    return sanitize(table.schema()) + "." + sanitize(table.table());
  }

  private static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      boolean valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      out.append(valid ? c : '_');
    }
    return out.toString();
  }

  private static String describe(List<TableId> tables) {
    return tables.stream().map(TableId::quoted).collect(Collectors.joining(", "));
  }
}
