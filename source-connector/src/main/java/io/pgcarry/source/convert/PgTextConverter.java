package io.pgcarry.source.convert;

import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.PGStatement;
import org.postgresql.util.PGobject;

/**
 * Sends the values of some column types as PostgreSQL's own text form, for types whose Debezium
 * representation loses information: bit strings become little-endian bytes without their length
 * (varbit), geometric types become structs or WKB, text search types are unknown to Debezium. The
 * sink casts the text back to the column type, which gives the source's value. Floating point
 * values are included because Debezium turns NaN and ±Infinity into 0 in snapshots. Arrays of any
 * type travel as PostgreSQL array literals, because Debezium drops the inner dimensions of
 * multi-dimensional arrays.
 *
 * <p>An unchanged TOAST value becomes {@code pgtext.placeholder} (default Debezium's {@code
 * __debezium_unavailable_value}), which the sink recognises.
 *
 * <p>Configured as {@code converters=pgtext}, {@code pgtext.type=}this class, and optionally {@code
 * pgtext.types=} a comma-separated list of type names (default {@link #DEFAULT_TYPES}). Arrays of
 * these types are not converted. Thread-safe after {@link #configure}.
 */
public final class PgTextConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

  /** The schema name of converted fields. */
  public static final String SCHEMA_NAME = "io.pgcarry.data.PgText";

  /** The types converted unless configured otherwise. */
  public static final Set<String> DEFAULT_TYPES =
      Set.of(
          "bit",
          "varbit",
          "point",
          "line",
          "lseg",
          "box",
          "path",
          "polygon",
          "circle",
          "tsvector",
          "tsquery",
          "float4",
          "float8",
          "date",
          "time",
          "timetz",
          "timestamp",
          "timestamptz");

  /** PostgreSQL's last and first year of a date (4713 BC is year -4712). */
  private static final int MAX_YEAR = 5_874_897;

  private static final int MIN_YEAR = -4_712;

  private Set<String> types = DEFAULT_TYPES;
  private String placeholder = "__debezium_unavailable_value";

  @Override
  public void configure(Properties props) {
    placeholder = props.getProperty("placeholder", placeholder);
    String configured = props.getProperty("types");
    if (configured != null && !configured.isBlank()) {
      types =
          Arrays.stream(configured.split(","))
              .map(t -> t.strip().toLowerCase(Locale.ROOT))
              .filter(t -> !t.isEmpty())
              .collect(Collectors.toUnmodifiableSet());
    }
  }

  @Override
  public void converterFor(
      RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
    String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
    if (!types.contains(type) && !type.startsWith("_")) {
      return;
    }
    boolean bit = type.equals("bit") || type.equals("varbit");
    registration.register(
        SchemaBuilder.string().name(SCHEMA_NAME).optional(),
        value ->
            UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value)
                ? placeholder
                : text(value, bit));
  }

  /** PostgreSQL's text form of a value as pgJDBC or Debezium's decoder hands it over. */
  static String text(Object value, boolean bit) {
    if (value == null) {
      return null;
    }
    if (value instanceof PGobject object) {
      return object.getValue();
    }
    if (value instanceof Boolean b) {
      return bit ? (b ? "1" : "0") : b.toString();
    }
    if (value instanceof java.sql.Date date) {
      return date(date);
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp(timestamp);
    }
    if (value instanceof LocalDateTime local) {
      return timestamp(local, "");
    }
    if (value instanceof OffsetDateTime offset) {
      return timestamp(offset.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), "+00");
    }
    if (value instanceof Instant instant) {
      return timestamp(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), "+00");
    }
    if (value instanceof LocalDate date) {
      return date(date);
    }
    if (value instanceof Float f) {
      return floating(f.doubleValue(), f.toString());
    }
    if (value instanceof Double d) {
      return floating(d, d.toString());
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    // pgJDBC's arrays (java.sql.Array) print as the array literal the server sent.
    return value.toString();
  }

  /**
   * Snapshots read dates through pgJDBC, which parses the text into a java.sql.Date in the JVM's
   * zone and hybrid Julian/Gregorian calendar, with sentinels for the infinities; reading the
   * fields back through the same calendar gives the text the server sent.
   */
  static String date(java.sql.Date date) {
    if (date.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
      return "infinity";
    }
    if (date.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
      return "-infinity";
    }
    GregorianCalendar calendar = new GregorianCalendar();
    calendar.setTime(date);
    StringBuilder text = new StringBuilder(16);
    ymd(
        text,
        calendar.get(Calendar.YEAR),
        calendar.get(Calendar.MONTH) + 1,
        calendar.get(Calendar.DAY_OF_MONTH));
    if (calendar.get(Calendar.ERA) == GregorianCalendar.BC) {
      text.append(" BC");
    }
    return text.toString();
  }

  /**
   * Snapshots read timestamps through pgJDBC like dates (see {@link #date(java.sql.Date)}); with
   * time zone the instant is right and is written in UTC.
   */
  static String timestamp(Timestamp timestamp) {
    if (timestamp.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
      return "infinity";
    }
    if (timestamp.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
      return "-infinity";
    }
    GregorianCalendar calendar = new GregorianCalendar();
    calendar.setTime(timestamp);
    StringBuilder text = new StringBuilder(40);
    ymd(
        text,
        calendar.get(Calendar.YEAR),
        calendar.get(Calendar.MONTH) + 1,
        calendar.get(Calendar.DAY_OF_MONTH));
    hms(
        text,
        calendar.get(Calendar.HOUR_OF_DAY),
        calendar.get(Calendar.MINUTE),
        calendar.get(Calendar.SECOND),
        timestamp.getNanos());
    int offsetSeconds =
        (calendar.get(Calendar.ZONE_OFFSET) + calendar.get(Calendar.DST_OFFSET)) / 1000;
    int abs = Math.abs(offsetSeconds);
    text.append(offsetSeconds < 0 ? '-' : '+');
    pad(text, abs / 3600, 2).append(':');
    pad(text, abs / 60 % 60, 2).append(':');
    pad(text, abs % 60, 2);
    if (calendar.get(Calendar.ERA) == GregorianCalendar.BC) {
      text.append(" BC");
    }
    return text.toString();
  }

  /** Streaming decodes timestamps into proleptic date-times, infinities beyond the range. */
  static String timestamp(LocalDateTime local, String zone) {
    if (local.getYear() > MAX_YEAR) {
      return "infinity";
    }
    if (local.getYear() < MIN_YEAR) {
      return "-infinity";
    }
    int year = local.getYear();
    StringBuilder text = new StringBuilder(40);
    ymd(text, year > 0 ? year : 1 - year, local.getMonthValue(), local.getDayOfMonth());
    hms(text, local.getHour(), local.getMinute(), local.getSecond(), local.getNano());
    text.append(zone);
    if (year <= 0) {
      text.append(" BC");
    }
    return text.toString();
  }

  /**
   * Streaming decodes dates into proleptic LocalDates, with years beyond PostgreSQL's range for the
   * infinities.
   */
  static String date(LocalDate date) {
    if (date.getYear() > MAX_YEAR) {
      return "infinity";
    }
    if (date.getYear() < MIN_YEAR) {
      return "-infinity";
    }
    int year = date.getYear();
    StringBuilder text = new StringBuilder(16);
    ymd(text, year > 0 ? year : 1 - year, date.getMonthValue(), date.getDayOfMonth());
    if (year <= 0) {
      text.append(" BC");
    }
    return text.toString();
  }

  /** {@code YYYY-MM-DD}, the year of at least four digits. */
  private static void ymd(StringBuilder out, int year, int month, int day) {
    pad(out, year, 4).append('-');
    pad(out, month, 2).append('-');
    pad(out, day, 2);
  }

  /** {@code HH:MM:SS.NNNNNNNNN}, with the space before it. */
  private static void hms(StringBuilder out, int hour, int minute, int second, int nanos) {
    out.append(' ');
    pad(out, hour, 2).append(':');
    pad(out, minute, 2).append(':');
    pad(out, second, 2).append('.');
    pad(out, nanos, 9);
  }

  /** A non-negative number in at least {@code width} digits, zeros in front. */
  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  private static String floating(double d, String text) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return text;
  }
}
