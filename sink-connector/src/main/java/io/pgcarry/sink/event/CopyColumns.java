package io.pgcarry.sink.event;

import io.pgcarry.sink.value.ValueConversionException;
import java.io.ByteArrayOutputStream;

/**
 * Keeps some columns of rows in PostgreSQL's COPY text format. In that format a tab separates
 * fields and a newline ends a row, and both are escaped inside values ({@code \t}, {@code \n}), so
 * the raw bytes 0x09 and 0x0A only ever separate; in UTF-8 they never occur inside a multi-byte
 * character. Stateless.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2">COPY text
 *     format</a>
 */
final class CopyColumns {

  private CopyColumns() {}

  /**
   * The rows with only the fields whose {@code kept} flag is set.
   *
   * @param data whole rows, each ending in a newline
   * @param kept one flag per field of a row
   * @throws ValueConversionException when a row has another number of fields
   */
  static byte[] keep(byte[] data, boolean[] kept) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    int field = 0;
    int start = 0;
    boolean firstKept = true;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (b != '\t' && b != '\n') {
        continue;
      }
      if (field >= kept.length) {
        throw fieldCount(kept.length);
      }
      if (kept[field]) {
        if (!firstKept) {
          out.write('\t');
        }
        out.write(data, start, i - start);
        firstKept = false;
      }
      field++;
      start = i + 1;
      if (b == '\n') {
        if (field != kept.length) {
          throw fieldCount(kept.length);
        }
        out.write('\n');
        field = 0;
        firstKept = true;
      }
    }
    return out.toByteArray();
  }

  private static ValueConversionException fieldCount(int expected) {
    return new ValueConversionException(
        "a COPY row does not have the " + expected + " fields its columns header names");
  }
}
