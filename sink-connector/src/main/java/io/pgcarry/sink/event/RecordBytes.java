package io.pgcarry.sink.event;

import io.pgcarry.sink.value.ValueConversionException;
import java.nio.ByteBuffer;

/** The bytes of a record's value, as the converters hand them over. Stateless. */
final class RecordBytes {

  private RecordBytes() {}

  /**
   * @param what what the value is, for the error: {@code "the value of a COPY record"}
   * @param expected what it should have been, for the error: {@code "bytes"}
   * @throws ValueConversionException when the value is neither a byte array nor a buffer
   */
  static byte[] of(Object value, String what, String expected) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    throw new ValueConversionException(
        what
            + " is "
            + (value == null ? "null" : "a " + value.getClass().getSimpleName())
            + ", not "
            + expected);
  }
}
