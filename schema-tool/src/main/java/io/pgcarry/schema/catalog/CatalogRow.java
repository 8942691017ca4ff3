package io.pgcarry.schema.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One row of a catalog query, by column name. Values are copied out of the result set, so a row
 * outlives its statement. Immutable.
 */
public record CatalogRow(Map<String, Object> values) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The column as text, or null when SQL NULL. */
  public String string(String column) {
    Object value = value(column);
    return value == null ? null : value.toString();
  }

  public long number(String column) {
    Object value = value(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  public boolean bool(String column) {
    return Boolean.TRUE.equals(value(column));
  }

  /** A text array column as a list; empty when SQL NULL. */
  public List<String> strings(String column) {
    Object value = value(column);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream((Object[]) value).map(v -> v == null ? null : v.toString()).toList();
  }

  /** A json or jsonb column (or JSON text) parsed; a NullNode when SQL NULL. */
  public JsonNode json(String column) {
    String text = string(column);
    if (text == null) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("column " + column + " holds invalid JSON", e);
    }
  }

  private Object value(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("no column " + column + " in " + values.keySet());
    }
    return values.get(column);
  }
}
