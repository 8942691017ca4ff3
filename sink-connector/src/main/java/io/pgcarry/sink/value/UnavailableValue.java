package io.pgcarry.sink.value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recognises Debezium's placeholder for an unchanged TOAST value, which it sends instead of the
 * value when a table's replica identity does not log it (Debezium's {@code
 * unavailable.value.placeholder}, default {@code __debezium_unavailable_value}). Debezium sends the
 * placeholder as a string, as its UTF-8 bytes, as a one-element list of either, as a list of the
 * bytes' values for integer arrays, as a one-element map for hstore, and as the name-based UUID of
 * the bytes inside a one-element list for uuid arrays. Immutable and thread-safe.
 */
public final class UnavailableValue {

  /** Debezium's default placeholder. */
  public static final String DEFAULT_PLACEHOLDER = "__debezium_unavailable_value";

  private final String text;
  private final byte[] bytes;
  private final String uuid;
  private final String jsonObject;

  public UnavailableValue(String placeholder) {
    this.text = placeholder;
    this.bytes = placeholder.getBytes(StandardCharsets.UTF_8);
    this.uuid = UUID.nameUUIDFromBytes(bytes).toString();
    this.jsonObject = "{\"" + placeholder + "\":\"" + placeholder + "\"}";
  }

  /** True when {@code value} (a Connect value) is the placeholder in any of its forms. */
  public boolean matches(Object value) {
    if (value instanceof String s) {
      return s.equals(text) || s.equals(jsonObject);
    }
    if (value instanceof byte[] b) {
      return Arrays.equals(b, bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      return buffer.equals(ByteBuffer.wrap(bytes));
    }
    if (value instanceof Map<?, ?> map) {
      return map.size() == 1 && text.equals(map.get(text));
    }
    if (value instanceof List<?> list) {
      return matchesList(list);
    }
    return false;
  }

  private boolean matchesList(List<?> list) {
    if (list.size() == 1) {
      Object only = list.get(0);
      if (only instanceof String s && (s.equals(text) || s.equals(uuid))) {
        return true;
      }
      if (only instanceof byte[] || only instanceof ByteBuffer) {
        return matches(only);
      }
    }
    if (list.size() != bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (!(list.get(i) instanceof Number n) || n.longValue() != bytes[i]) {
        return false;
      }
    }
    return true;
  }
}
