package io.pgcarry.precheck;

import java.util.Locale;

/** Byte counts for people to read. */
final class Bytes {

  private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};

  private Bytes() {}

  /** {@code 1536} as {@code 1.5 kB}, with the units PostgreSQL's pg_size_pretty uses. */
  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
