package io.pgcarry.sink.value;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Recognises Debezium's placeholder for an unchanged TOAST value, which it sends instead of the
 * value when a table's replica identity does not log it (Debezium's {@code
 * unavailable.value.placeholder}, default {@code __debezium_unavailable_value}), in the JSON that
 * JsonConverter writes of it. Debezium sends the placeholder as a string, as its UTF-8 bytes
 * (base64 in JSON), as a one-element array of either, as an array of the bytes' values for integer
 * arrays, as a one-element map for hstore (or its JSON as a string), and as the name-based UUID of
 * the bytes inside a one-element array for uuid arrays. Immutable and thread-safe.
 */
public final class UnavailableValue {

  /** Debezium's default placeholder. */
  public static final String DEFAULT_PLACEHOLDER = "__debezium_unavailable_value";

  private final String text;
  private final byte[] bytes;
  private final String base64;
  private final String uuid;
  private final String jsonObject;

  public UnavailableValue(String placeholder) {
    this.text = placeholder;
    this.bytes = placeholder.getBytes(StandardCharsets.UTF_8);
    this.base64 = Base64.getEncoder().encodeToString(bytes);
    this.uuid = UUID.nameUUIDFromBytes(bytes).toString();
    this.jsonObject = "{\"" + placeholder + "\":\"" + placeholder + "\"}";
  }

  /** A string value: the placeholder, or hstore's JSON of it. */
  public boolean matchesText(String value) {
    return value.equals(text) || value.equals(jsonObject);
  }

  /** A bytes value, as the base64 text JsonConverter writes. */
  public boolean matchesBase64(String value) {
    return value.equals(base64);
  }

  /**
   * An array value.
   *
   * @param bytesElements whether the array's elements are of bytes type (base64 strings)
   */
  public boolean matchesArray(JsonNode array, boolean bytesElements) {
    if (!array.isArray()) {
      return false;
    }
    if (array.size() == 1 && array.get(0).isTextual()) {
      String only = array.get(0).textValue();
      return only.equals(text) || only.equals(uuid) || bytesElements && only.equals(base64);
    }
    if (array.size() != bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      JsonNode element = array.get(i);
      if (!element.isIntegralNumber() || element.longValue() != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** A map value, as a JSON object. */
  public boolean matchesMap(JsonNode map) {
    return map.isObject() && map.size() == 1 && text.equals(map.path(text).textValue());
  }
}
