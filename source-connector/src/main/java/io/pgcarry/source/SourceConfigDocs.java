package io.pgcarry.source;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Writes the reference of pgcarry's own keys of the source connector from {@link
 * SourceConfig#CONFIG_DEF}, as the Markdown table in the module's README (a test keeps the two
 * equal); Debezium's keys are Debezium's to document. Stateless.
 */
public final class SourceConfigDocs {

  private SourceConfigDocs() {}

  /** The Markdown table: one row per key, grouped as in the ConfigDef. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| Key | Type | Default | Valid values | Importance | Description |\n");
    out.append("| --- | --- | --- | --- | --- | --- |\n");
    Map<String, Map<Integer, ConfigDef.ConfigKey>> byGroup = new TreeMap<>();
    List<String> groups =
        SourceConfig.CONFIG_DEF.configKeys().values().stream()
            .map(k -> k.group)
            .distinct()
            .toList();
    for (ConfigDef.ConfigKey key : SourceConfig.CONFIG_DEF.configKeys().values()) {
      byGroup.computeIfAbsent(key.group, g -> new TreeMap<>()).put(key.orderInGroup, key);
    }
    for (String group : groups) {
      for (ConfigDef.ConfigKey key : byGroup.get(group).values()) {
        out.append("| `")
            .append(key.name)
            .append("` | ")
            .append(key.type.name().toLowerCase(Locale.ROOT))
            .append(" | ")
            .append(defaultValue(key))
            .append(" | ")
            .append(key.validator == null ? "" : escape(key.validator.toString()))
            .append(" | ")
            .append(key.importance.name().toLowerCase(Locale.ROOT))
            .append(" | ")
            .append(escape(key.documentation))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    return key.defaultValue == null ? "(none)" : "`" + key.defaultValue + "`";
  }

  private static String escape(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  /** Prints the table, for pasting into the README. */
  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
