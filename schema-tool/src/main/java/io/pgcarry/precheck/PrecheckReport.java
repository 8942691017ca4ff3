package io.pgcarry.precheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Everything a precheck found, in the order the checks ran. Immutable and thread-safe.
 *
 * @param findings the findings; copied
 */
public record PrecheckReport(List<Finding> findings) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public PrecheckReport {
    findings = List.copyOf(findings);
  }

  /** Whether any finding is an {@link Level#ERROR}: the migration must not start. */
  public boolean hasErrors() {
    return count(Level.ERROR) > 0;
  }

  /** The findings of one level, in report order. */
  public List<Finding> at(Level level) {
    return findings.stream().filter(f -> f.level() == level).toList();
  }

  /** How many findings have this level. */
  public long count(Level level) {
    return findings.stream().filter(f -> f.level() == level).count();
  }

  /**
   * The report for people: errors, then warnings, then information, each finding with its check,
   * object, explanation and fix, and a summary line.
   */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (Level level : Level.values()) {
      List<Finding> group = at(level);
      if (group.isEmpty()) {
        continue;
      }
      out.append(heading(level)).append(" (").append(group.size()).append(")\n");
      for (Finding f : group) {
        out.append("  [")
            .append(f.check())
            .append("] ")
            .append(f.object())
            .append(": ")
            .append(f.message())
            .append('\n');
        f.fixSql()
            .ifPresent(
                sql -> {
                  out.append("      fix:\n");
                  sql.lines().forEach(line -> out.append("        ").append(line).append('\n'));
                });
      }
      out.append('\n');
    }
    out.append(summary()).append('\n');
    return out.toString();
  }

  /**
   * The report for programs: {@code {"ok":…, "errors":n, "warnings":n, "infos":n,
   * "findings":[{"level","check","object","message","fix"}]}}, where {@code fix} is null when there
   * is no SQL fix.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", !hasErrors());
    root.put("errors", count(Level.ERROR));
    root.put("warnings", count(Level.WARNING));
    root.put("infos", count(Level.INFO));
    ArrayNode list = root.putArray("findings");
    for (Finding f : findings) {
      ObjectNode node = list.addObject();
      node.put("level", f.level().name());
      node.put("check", f.check());
      node.put("object", f.object());
      node.put("message", f.message());
      node.put("fix", f.fixSql().orElse(null));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line such as {@code precheck failed: 2 errors, 1 warning, 3 notes}. */
  public String summary() {
    return "precheck "
        + (hasErrors() ? "failed" : "passed")
        + ": "
        + plural(count(Level.ERROR), "error")
        + ", "
        + plural(count(Level.WARNING), "warning")
        + ", "
        + plural(count(Level.INFO), "note");
  }

  private static String heading(Level level) {
    return switch (level) {
      case ERROR -> "ERRORS";
      case WARNING -> "WARNINGS";
      case INFO -> "INFO";
    };
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
