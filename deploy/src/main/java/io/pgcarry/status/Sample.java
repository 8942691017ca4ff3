package io.pgcarry.status;

import java.util.Map;
import java.util.TreeMap;

/**
 * One value of a Prometheus series.
 *
 * @param name the metric's name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * @param type {@code gauge}, {@code counter}, {@code histogram} or {@code untyped}
 * @param help one line describing the metric
 * @param labels label names and values, kept sorted
 * @param value the value
 */
record Sample(String name, String type, String help, Map<String, String> labels, double value) {

  Sample {
    labels = new TreeMap<>(labels);
  }

  /** A metric or label name with every other character replaced by {@code _}. */
  static String sanitize(String raw) {
    StringBuilder out = new StringBuilder();
    for (char c : raw.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toLowerCase(c) : '_');
    }
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString().replaceAll("_+", "_");
  }
}
