package io.pgcarry.source.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;
import org.postgresql.geometric.PGpoint;

class PgTextConverterTest {

  @Test
  void writesDateInfinitiesAndYearsBeforeChristAsPostgresText() {
    assertThat(PgTextConverter.date(new java.sql.Date(PGStatement.DATE_POSITIVE_INFINITY)))
        .isEqualTo("infinity");
    assertThat(PgTextConverter.date(new java.sql.Date(PGStatement.DATE_NEGATIVE_INFINITY)))
        .isEqualTo("-infinity");
    assertThat(PgTextConverter.date(LocalDate.of(-4712, 1, 1))).isEqualTo("4713-01-01 BC");
    assertThat(PgTextConverter.date(LocalDate.of(5_877_611, 6, 21))).isEqualTo("infinity");
    assertThat(PgTextConverter.date(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
  }

  @Test
  void writesTimestampInfinitiesAndYearsBeforeChrist() {
    assertThat(
            PgTextConverter.timestamp(new java.sql.Timestamp(PGStatement.DATE_POSITIVE_INFINITY)))
        .isEqualTo("infinity");
    assertThat(PgTextConverter.timestamp(java.time.LocalDateTime.of(-43, 3, 15, 12, 0), "+00"))
        .isEqualTo("0044-03-15 12:00:00.000000000+00 BC");
    assertThat(PgTextConverter.timestamp(java.time.LocalDateTime.of(9_999_999, 1, 1, 0, 0), ""))
        .isEqualTo("infinity");
  }

  @Test
  void writesFloatSpecialsBitsAndPostgresObjects() {
    assertThat(PgTextConverter.text(Float.POSITIVE_INFINITY, false)).isEqualTo("Infinity");
    assertThat(PgTextConverter.text(Double.NaN, false)).isEqualTo("NaN");
    assertThat(PgTextConverter.text(0.1f, false)).isEqualTo("0.1");
    assertThat(PgTextConverter.text(true, true)).isEqualTo("1");
    assertThat(PgTextConverter.text(new PGpoint(1.5, -2), false)).isEqualTo("(1.5,-2.0)");
    assertThat(PgTextConverter.text(null, false)).isNull();
  }
}
