package io.pgcarry.sink.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * PostgreSQL's text input forms of the values Debezium's representations stand for: dates and times
 * from epoch counts, eras, bytea as hex, bit strings from Debezium's bytes, decimals from an
 * unscaled integer, quoted array elements and hstore pairs. Stateless; never puts a value into an
 * exception message.
 */
final class TextForms {

  /** The last year a PostgreSQL date can have; anything later is an infinity sentinel. */
  private static final int MAX_POSTGRES_YEAR = 5_874_897;

  private static final int NEGATIVE_INFINITY_YEAR = 292_269_055;

  private static final HexFormat HEX = HexFormat.of();

  private TextForms() {}

  /** A date from days since 1970-01-01. */
  static String date(long days) {
    LocalDate date = LocalDate.ofEpochDay(days);
    return withEra(date.toString(), date.getYear());
  }

  /** A time of day from nanoseconds since midnight; 24:00:00 is PostgreSQL's end of the day. */
  static String time(long nanos) {
    if (nanos == 86_400_000_000_000L) {
      return "24:00:00";
    }
    return LocalTime.ofNanoOfDay(nanos).toString();
  }

  /** A time of day from Connect's Time: milliseconds since the epoch, of 1970-01-01. */
  static String connectTime(long millis) {
    return LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString();
  }

  /** A timestamp without time zone from microseconds since the epoch. */
  static String timestamp(long micros) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return withEra(t.toString(), t.getYear());
  }

  /** A timestamp without time zone from nanoseconds since the epoch. */
  static String nanoTimestamp(long nanos) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return withEra(t.toString(), t.getYear());
  }

  /** ISO years count 0 as 1 BC; PostgreSQL wants the BC suffix and a positive year. */
  static String withEra(String iso, int year) {
    if (year > 0) {
      return iso;
    }
    String rest = iso.substring(iso.indexOf('-', 1));
    String digits = Integer.toString(1 - year);
    return "0".repeat(Math.max(0, 4 - digits.length())) + digits + rest + " BC";
  }

  /**
   * time.precision.mode=isostring writes dates, times and timestamps without time zone as UTC ISO
   * strings ending in Z, with astronomical years (0 is 1 BC, -43 is 44 BC).
   */
  static String isoLocal(String value) {
    String text = value.endsWith("Z") ? value.substring(0, value.length() - 1) : value;
    if (text.startsWith("-") && text.indexOf('-', 1) > 0) {
      int year = Integer.parseInt(text.substring(0, text.indexOf('-', 1)));
      return withEra(text, year);
    }
    if (text.startsWith("+")) {
      text = text.substring(1);
      int year = Integer.parseInt(text.substring(0, text.indexOf('-')));
      if (year > MAX_POSTGRES_YEAR) {
        // Snapshots carry ±infinity as pgJDBC's sentinel instants; only -infinity lands on
        // year 292269055 after Debezium's calendar conversion.
        return year == NEGATIVE_INFINITY_YEAR ? "-infinity" : "infinity";
      }
    }
    if (text.length() > 4 && text.charAt(4) == '-' && text.startsWith("0000")) {
      return withEra(text, 0);
    }
    return text;
  }

  /** decimal.handling.mode=string spells numeric's infinities as Java constants. */
  static String numeric(String value) {
    return switch (value) {
      case "POSITIVE_INFINITY" -> "Infinity";
      case "NEGATIVE_INFINITY" -> "-Infinity";
      case "NAN" -> "NaN";
      default -> value;
    };
  }

  /** A floating point number's text, with PostgreSQL's spelling of the special values. */
  static String floating(double d, String text) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return text;
  }

  static String hex(byte[] bytes) {
    return "\\x" + HEX.formatHex(bytes);
  }

  /** An unscaled integer's bytes (big-endian two's complement) and a scale. */
  static String decimal(byte[] unscaled, int scale) {
    return new BigDecimal(new BigInteger(unscaled), scale).toPlainString();
  }

  /** Debezium's Bits are the bit string as little-endian bytes (java.util.BitSet order). */
  static String bits(byte[] b, String length) {
    int n = length == null ? b.length * 8 : Math.min(Integer.parseInt(length), b.length * 8);
    BitSet set = BitSet.valueOf(b);
    StringBuilder out = new StringBuilder(n);
    for (int i = n - 1; i >= 0; i--) {
      out.append(set.get(i) ? '1' : '0');
    }
    return out.toString();
  }

  /** An array element or an hstore key or value, double-quoted with its quotes escaped. */
  static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }
}
