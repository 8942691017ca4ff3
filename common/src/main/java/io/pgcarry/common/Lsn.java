package io.pgcarry.common;

/**
 * A PostgreSQL log sequence number, a 64-bit position in the write-ahead log, written as {@code
 * X/Y} in hexadecimal.
 *
 * @param value the position as an unsigned 64-bit number
 * @see <a href="https://www.postgresql.org/docs/current/datatype-pg-lsn.html">pg_lsn</a>
 */
public record Lsn(long value) implements Comparable<Lsn> {

  public static final Lsn ZERO = new Lsn(0);

  /** Parses {@code 16/B374D848}. */
  public static Lsn parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not an LSN of the form X/Y");
    }
    try {
      long high = Long.parseLong(text.substring(0, slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      return new Lsn(high << 32 | low);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an LSN of the form X/Y", e);
    }
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  public boolean isAfter(Lsn other) {
    return compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return Long.toHexString(value >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
  }
}
