package io.pgcarry.sink.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.Lsn;
import io.pgcarry.common.stream.ChangePosition;
import io.pgcarry.common.stream.StreamHeaders;
import io.pgcarry.sink.value.ValueConversionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads pgcarry's record headers ({@link StreamHeaders}). The source writes every value as a UTF-8
 * string, but Connect's default {@code SimpleHeaderConverter} hands the sink what the string parses
 * as: a number, a boolean, or a list for the JSON array of {@code pgcarry.columns} (whose strings
 * keep their JSON escapes). Each reader here accepts those forms, and the plain strings of {@code
 * StringConverter}, and nothing else; a present value that cannot be read is a {@link
 * ValueConversionException}, which makes the record unreadable. Stateless; thread-safe.
 */
final class RecordHeaders {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordHeaders() {}

  /** The last value of a header as text, or null when the record has no such header. */
  static String text(SinkRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    return header == null ? null : text(name, header.value());
  }

  /** A header's value as text, or null. */
  private static String text(String name, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof ByteBuffer buffer) {
      return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
    throw new ValueConversionException(
        "header " + name + " holds a " + value.getClass().getSimpleName() + ", not text");
  }

  /** A header that must be present. */
  static String required(SinkRecord record, String name) {
    String text = text(record, name);
    if (text == null) {
      throw new ValueConversionException("header " + name + " is missing");
    }
    return text;
  }

  static long number(SinkRecord record, String name) {
    String text = required(record, name);
    try {
      long value = Long.parseLong(text.strip());
      if (value < 0) {
        throw new ValueConversionException("header " + name + " is negative: " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ValueConversionException("header " + name + " is not a number: " + text, e);
    }
  }

  static Lsn lsn(SinkRecord record, String name) {
    String text = required(record, name);
    try {
      return Lsn.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new ValueConversionException("header " + name + ": " + e.getMessage(), e);
    }
  }

  /** A list of names: a JSON array of strings, or the list SimpleHeaderConverter made of it. */
  static List<String> names(SinkRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    if (header == null || header.value() == null) {
      throw new ValueConversionException("header " + name + " is missing");
    }
    List<String> names = new ArrayList<>();
    if (header.value() instanceof List<?> list) {
      for (Object element : list) {
        if (!(element instanceof String s)) {
          throw new ValueConversionException("header " + name + " is not a list of names");
        }
        names.add(unescape(name, s));
      }
    } else {
      for (JsonNode element : parseArray(name, text(record, name))) {
        if (!element.isTextual()) {
          throw new ValueConversionException("header " + name + " is not a list of names");
        }
        names.add(element.textValue());
      }
    }
    if (names.isEmpty()) {
      throw new ValueConversionException("header " + name + " names no column");
    }
    return names;
  }

  /**
   * The change's stream position, or null when the record carries none of the three headers.
   *
   * @throws ValueConversionException when only some are present, or one is malformed
   */
  static ChangePosition changePosition(SinkRecord record) {
    return changePosition(
        text(record, StreamHeaders.TX_AFTER),
        text(record, StreamHeaders.TX_FIRST),
        text(record, StreamHeaders.TX_SEQ));
  }

  private static ChangePosition changePosition(String after, String first, String seq) {
    if (after == null && first == null && seq == null) {
      return null;
    }
    if (after == null || first == null || seq == null) {
      throw new ValueConversionException(
          "the record carries only some of the headers "
              + StreamHeaders.TX_AFTER
              + ", "
              + StreamHeaders.TX_FIRST
              + " and "
              + StreamHeaders.TX_SEQ);
    }
    try {
      return ChangePosition.of(after.strip(), first.strip(), seq.strip());
    } catch (IllegalArgumentException e) {
      throw new ValueConversionException("malformed change position: " + e.getMessage(), e);
    }
  }

  /**
   * A change event's place in the stream: its position ({@link #changePosition}) and whether its
   * transaction ends with it in its topic ({@link #transactionEnd}), from one pass over the
   * headers, as every change event needs both.
   *
   * @throws ValueConversionException as those two do
   */
  static SourcePosition streamPosition(
      SinkRecord record, Lsn lsn, Long commitTimeMillis, Long txId) {
    Object after = null;
    Object first = null;
    Object seq = null;
    Object end = null;
    for (Header header : record.headers()) {
      switch (header.key()) {
        case StreamHeaders.TX_AFTER -> after = header.value();
        case StreamHeaders.TX_FIRST -> first = header.value();
        case StreamHeaders.TX_SEQ -> seq = header.value();
        case StreamHeaders.TX_END -> end = header.value();
        default -> {
          // Not a stream position header.
        }
      }
    }
    ChangePosition position =
        changePosition(
            text(StreamHeaders.TX_AFTER, after),
            text(StreamHeaders.TX_FIRST, first),
            text(StreamHeaders.TX_SEQ, seq));
    return new SourcePosition(
        lsn, commitTimeMillis, txId, position, transactionEnd(text(StreamHeaders.TX_END, end)));
  }

  /**
   * Whether {@code pgcarry.tx.end} says {@code true}; a value other than a boolean is malformed.
   */
  static boolean transactionEnd(SinkRecord record) {
    return transactionEnd(text(record, StreamHeaders.TX_END));
  }

  private static boolean transactionEnd(String end) {
    if (end == null || end.strip().equals("false")) {
      return false;
    }
    if (end.strip().equals("true")) {
      return true;
    }
    throw new ValueConversionException("header " + StreamHeaders.TX_END + " is not true: " + end);
  }

  /**
   * SimpleHeaderConverter parses the JSON array into a list but leaves the escapes of each string
   * as they were ({@code a \"b\"} for {@code a "b"}); the element is the body of a JSON string.
   */
  private static String unescape(String name, String element) {
    try {
      return JSON.readValue("\"" + element + "\"", String.class);
    } catch (JsonProcessingException e) {
      throw new ValueConversionException("header " + name + " is not a list of names", e);
    }
  }

  private static JsonNode parseArray(String name, String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isArray()) {
        throw new ValueConversionException("header " + name + " is not a JSON array");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ValueConversionException("header " + name + " is not a JSON array", e);
    }
  }
}
