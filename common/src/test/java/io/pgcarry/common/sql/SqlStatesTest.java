package io.pgcarry.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "08006", "08001", "40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300", "25006",
        "55006"
      })
  void retriesConnectionLossLockConflictsShutdownsResourceShortageReadOnlyAndSlotsInUse(
      String state) {
    assertThat(SqlStates.isTransient(new SQLException("x", state))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "23514", "22P02", "42P01", "42703", "57014", "XX000"})
  void stopsOnConstraintDataAndSchemaErrors(String state) {
    assertThat(SqlStates.isTransient(new SQLException("x", state))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"40001", "40P01", "55P03"})
  void everyLockConflictIsTransient(String state) {
    assertThat(SqlStates.isLockConflict(state)).isTrue();
    assertThat(SqlStates.isTransient(state)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"08006", "57P01", "53300", "23505"})
  void connectionLossShutdownAndConstraintsAreNoLockConflicts(String state) {
    assertThat(SqlStates.isLockConflict(state)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P07", "42710", "42723", "42P06"})
  void takesADuplicateRelationObjectFunctionOrSchemaAsAlreadyExisting(String state) {
    assertThat(SqlStates.isAlreadyExists(new SQLException("x", state))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P01", "23505", "42501"})
  void takesNoOtherStateAsAlreadyExisting(String state) {
    assertThat(SqlStates.isAlreadyExists(new SQLException("x", state))).isFalse();
    assertThat(SqlStates.isAlreadyExists(new SQLException("no state"))).isFalse();
  }

  @Test
  void namesOnlyUniqueAndExclusionViolationsRowConflicts() {
    assertThat(SqlStates.isRowConflict("23505")).isTrue();
    assertThat(SqlStates.isRowConflict("23P01")).isTrue();
    assertThat(SqlStates.isRowConflict("23514")).isFalse();
    assertThat(SqlStates.isRowConflict("23502")).isFalse();
    assertThat(SqlStates.isRowConflict(null)).isFalse();
    assertThat(SqlStates.isUniqueViolation(new SQLException("x", "23505"))).isTrue();
    assertThat(SqlStates.isUniqueViolation(new SQLException("x", "23P01"))).isFalse();
  }

  @Test
  void tellsALockNotGrantedAndAMissingTableApart() {
    SQLException lock = new SQLException("x", "55P03");
    SQLException missing = new SQLException("x", "42P01");

    assertThat(SqlStates.isLockNotAvailable(lock)).isTrue();
    assertThat(SqlStates.isLockNotAvailable(missing)).isFalse();
    assertThat(SqlStates.isUndefinedTable(missing)).isTrue();
    assertThat(SqlStates.isUndefinedTable(lock)).isFalse();
  }

  @Test
  void treatsAnIoFailureWithoutStateAsTransient() {
    assertThat(SqlStates.isTransient(new SQLException("io", null, new IOException()))).isTrue();
    assertThat(SqlStates.isTransient(new SQLException("no state"))).isFalse();
  }

  @Test
  void describesDataExceptionsWithoutTheOffendingValue() {
    SQLException e =
        new SQLException("ERROR: invalid input syntax for type integer: \"secret\"", "22P02");

    assertThat(SqlStates.describe(e))
        .isEqualTo("SQL state 22P02: invalid input syntax for type integer");
  }

  @Test
  void keepsOnlyTheFirstLineSoDetailsWithKeyValuesStayOut() {
    SQLException e =
        new SQLException(
            "ERROR: duplicate key value violates unique constraint \"k\"\n  Detail: Key (id)=(7)",
            "23505");

    assertThat(SqlStates.describe(e))
        .isEqualTo("SQL state 23505: duplicate key value violates unique constraint \"k\"");
  }
}
