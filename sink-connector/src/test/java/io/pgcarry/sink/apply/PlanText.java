package io.pgcarry.sink.apply;

import io.pgcarry.sink.event.Cell;
import io.pgcarry.sink.event.Change;
import io.pgcarry.sink.event.ChangeEvent;
import io.pgcarry.sink.event.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A source history and the plan made of it, as text, compared with a golden file in {@code
 * src/test/resources/golden/plans}. Run with {@code -Dpgcarry.golden.write=true} to write the files
 * anew (then review the diff).
 */
final class PlanText {

  private PlanText() {}

  static String of(List<? extends Change> history, List<ApplyStep> steps) {
    StringBuilder text = new StringBuilder("history:\n");
    for (Change change : history) {
      ChangeEvent event = (ChangeEvent) change;
      text.append("  ").append(event.kind());
      if (event.before() != null) {
        text.append(" before ").append(row(event.before()));
      }
      if (event.after() != null) {
        text.append(" after ").append(row(event.after()));
      }
      text.append('\n');
    }
    text.append("plan:\n");
    for (ApplyStep step : steps) {
      text.append("  ").append(step.kind()).append(' ').append(step.table().id());
      List<String> shown = step.kind() == StepKind.DELETE ? step.key() : step.columns();
      for (Row row : step.rows()) {
        text.append(' ').append(values(row, shown));
      }
      for (Row old : step.oldRows()) {
        text.append(" old ")
            .append(values(old, step.key().isEmpty() ? List.copyOf(old.columns()) : step.key()));
      }
      text.append('\n');
    }
    return text.toString();
  }

  static void assertMatches(String name, String actual) throws IOException {
    Path file = Path.of("src/test/resources/golden/plans", name + ".txt");
    if (Boolean.getBoolean("pgcarry.golden.write")) {
      Files.writeString(file, actual);
      return;
    }
    try (InputStream in = PlanText.class.getResourceAsStream("/golden/plans/" + name + ".txt")) {
      if (in == null) {
        throw new AssertionError("no golden file " + file + "; the plan is:\n" + actual);
      }
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      org.assertj.core.api.Assertions.assertThat(actual).isEqualTo(expected);
    }
  }

  private static String row(Row row) {
    return row.cells().entrySet().stream()
        .map(e -> e.getKey() + "=" + text(e.getValue()))
        .collect(Collectors.joining(" ", "[", "]"));
  }

  private static String values(Row row, List<String> columns) {
    return columns.stream().map(c -> text(row.get(c))).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String text(Cell cell) {
    if (cell == null) {
      return "-";
    }
    return cell.unavailable() ? "?" : cell.text() == null ? "NULL" : cell.text();
  }
}
