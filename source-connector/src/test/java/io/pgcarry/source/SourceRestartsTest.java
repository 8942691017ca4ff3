package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.ConnectionFailure;
import java.io.EOFException;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class SourceRestartsTest {

  @Test
  void restartsWhenTheSourceWasLostAnywhereInTheCauseChain() {
    assertThat(SourceRestarts.isTransient(new RetriableException("x", sql("08006")))).isTrue();
    assertThat(SourceRestarts.isTransient(new ConnectException("x", sql("57P01")))).isTrue();
    assertThat(SourceRestarts.isTransient(new ConnectException("slot held", sql("55006"))))
        .isTrue();
    assertThat(SourceRestarts.isTransient(new ConnectException("io", new EOFException()))).isTrue();
    assertThat(
            SourceRestarts.isTransient(
                new ConnectionFailure("cannot connect: connection refused", sql("08001"))))
        .isTrue();
  }

  @Test
  void restartsWhenTheAcknowledgementMetTheStreamsEndedCopyFirst() {
    // Thrown by pgJDBC when a position is flushed on a replication connection that just ended;
    // Debezium reports it, and not the reader's I/O failure, when the acknowledging thread wins.
    PSQLException ended =
        new PSQLException(
            "Tried to write to an inactive copy operation", PSQLState.OBJECT_NOT_IN_STATE);
    ended.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.postgresql.core.v3.QueryExecutorImpl", "flushCopy", null, 1329),
          new StackTraceElement("org.postgresql.core.v3.CopyDualImpl", "flushCopy", null, 33)
        });

    assertThat(SourceRestarts.isTransient(new RetriableException("x", new ConnectException(ended))))
        .isTrue();
  }

  @Test
  void stopsOnWhatARestartCannotMend() {
    // Debezium marks every SQL failure retriable; a missing privilege or an invalidated slot is
    // not mended by starting again.
    assertThat(SourceRestarts.isTransient(new RetriableException("x", sql("42501")))).isFalse();
    assertThat(SourceRestarts.isTransient(new RetriableException("x", sql("55000")))).isFalse();
    assertThat(SourceRestarts.isTransient(new ConnectionFailure("wrong password", sql("28P01"))))
        .isFalse();
    assertThat(SourceRestarts.isTransient(new ConnectException("no cause"))).isFalse();
  }

  @Test
  void backsOffUpToTheCeilingAndGivesUpAfterTheLimit() {
    SourceRestarts restarts = new SourceRestarts(Duration.ofSeconds(10), 2);

    restarts.failed("The full load", sql("08006"));
    assertThat(restarts.ready()).isFalse();
    restarts.failed("The full load", sql("08006"));
    assertThatThrownBy(() -> restarts.failed("The full load", sql("08006")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("The full load failed 3 times in a row")
        .hasMessageContaining("errors.max.retries = 2");
  }

  @Test
  void recordsThatFlowResetTheCount() {
    SourceRestarts restarts = new SourceRestarts(Duration.ofSeconds(10), 1);

    restarts.failed("Streaming", sql("08006"));
    restarts.succeeded();
    restarts.failed("Streaming", sql("08006"));
    assertThat(restarts.ready()).isFalse();
  }

  @Test
  void headlineIsTheConnectionDiagnosisOrTheFirstSqlMessage() {
    assertThat(
            SourceRestarts.headline(
                new ConnectException(
                    "wrapper",
                    new ConnectionFailure("cannot connect to the source h:1", sql("08001")))))
        .isEqualTo("cannot connect to the source h:1");
    assertThat(
            SourceRestarts.headline(
                new RetriableException(
                    "An exception occurred in the change event producer.",
                    new SQLException(
                        "Database connection failed when reading from copy", "08006"))))
        .isEqualTo("Database connection failed when reading from copy");
  }

  private static SQLException sql(String state) {
    return new SQLException("SQL state " + state, state);
  }
}
