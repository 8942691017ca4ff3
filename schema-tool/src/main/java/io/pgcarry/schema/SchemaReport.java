package io.pgcarry.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgcarry.schema.catalog.SkippedObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a schema run did. Immutable.
 *
 * @param phase the phase run
 * @param dryRun whether nothing was changed
 * @param created objects created (or, in a dry run, that would be), as {@code KIND name}
 * @param deferred keys left out of a pre-data run that defers them ({@link
 *     SchemaOptions#keyDeferral()}) and recorded instead, built after their table's rows
 * @param skipped objects that already existed on the target as the source has them
 * @param differing objects that exist on the target but differ from the source; left alone
 * @param unsupported source objects deliberately not carried (C functions...), with the reason
 * @param warnings what the operator should know
 * @param script the SQL run (or to run), in order; a deferred key's statements commented out where
 *     it would have been created, under a comment saying so
 * @param millis how long the run took
 */
public record SchemaReport(
    Phase phase,
    boolean dryRun,
    List<String> created,
    List<String> deferred,
    List<String> skipped,
    List<Difference> differing,
    List<SkippedObject> unsupported,
    List<String> warnings,
    String script,
    long millis) {

  /**
   * An object that exists on the target with another definition.
   *
   * @param object kind and name
   * @param source the statements the source calls for
   * @param target the statements the target's object corresponds to
   */
  public record Difference(String object, String source, String target) {}

  public SchemaReport {
    created = List.copyOf(created);
    deferred = List.copyOf(deferred);
    skipped = List.copyOf(skipped);
    differing = List.copyOf(differing);
    unsupported = List.copyOf(unsupported);
    warnings = List.copyOf(warnings);
  }

  /** Whether the target now matches the source for everything selected. */
  public boolean clean() {
    return differing.isEmpty();
  }

  /** A summary for a terminal. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(dryRun ? "Would create " : "Created ")
        .append(created.size())
        .append(" objects (")
        .append(phase.name().toLowerCase().replace('_', '-'))
        .append(") in ")
        .append(millis)
        .append(" ms; ");
    if (!deferred.isEmpty()) {
      out.append(deferred.size()).append(" deferred (keys built after their tables' rows), ");
    }
    out.append(skipped.size())
        .append(" already present, ")
        .append(differing.size())
        .append(" differing, ")
        .append(unsupported.size())
        .append(" not carried.\n");
    for (Difference difference : differing) {
      out.append("  differs on the target: ").append(difference.object()).append('\n');
    }
    for (SkippedObject object : unsupported) {
      out.append("  not carried: ")
          .append(object.description())
          .append(" (")
          .append(object.reason())
          .append(")\n");
    }
    for (String warning : warnings) {
      out.append("  warning: ").append(warning).append('\n');
    }
    return out.toString();
  }

  /** The report as JSON, the script included. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("phase", phase.name().toLowerCase().replace('_', '-'));
    json.put("dryRun", dryRun);
    json.put("millis", millis);
    json.put("created", created);
    json.put("deferred", deferred);
    json.put("skipped", skipped);
    json.put("differing", differing);
    json.put("unsupported", unsupported);
    json.put("warnings", warnings);
    json.put("script", script);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
