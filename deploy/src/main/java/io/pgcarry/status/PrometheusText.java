package io.pgcarry.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes samples in the Prometheus text exposition format 0.0.4: each metric's {@code # HELP} and
 * {@code # TYPE} once, then its samples together.
 *
 * @see <a href="https://prometheus.io/docs/instrumenting/exposition_formats/">Exposition
 *     formats</a>
 */
final class PrometheusText {

  private PrometheusText() {}

  static String render(List<Sample> samples) {
    List<Sample> sorted = new ArrayList<>(samples);
    // Stable: a histogram's buckets keep their order.
    sorted.sort(Comparator.comparing(PrometheusText::family));
    StringBuilder out = new StringBuilder();
    String family = null;
    for (Sample sample : sorted) {
      if (!family(sample).equals(family)) {
        family = family(sample);
        out.append("# HELP ").append(family).append(' ').append(escapeHelp(sample.help()));
        out.append('\n');
        out.append("# TYPE ").append(family).append(' ').append(sample.type()).append('\n');
      }
      out.append(sample.name());
      if (!sample.labels().isEmpty()) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : sample.labels().entrySet()) {
          out.append(first ? "" : ",").append(label.getKey()).append("=\"");
          out.append(escapeLabel(label.getValue())).append('"');
          first = false;
        }
        out.append('}');
      }
      out.append(' ').append(number(sample.value())).append('\n');
    }
    return out.toString();
  }

  /** The metric family: a histogram's series share their base name. */
  private static String family(Sample sample) {
    if ("histogram".equals(sample.type())) {
      return sample.name().replaceFirst("_(bucket|sum|count)$", "");
    }
    return sample.name();
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
