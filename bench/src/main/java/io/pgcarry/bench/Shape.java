package io.pgcarry.bench;

import io.pgcarry.common.sql.SqlResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shapes of write load the benchmark measures the change stream with, each with its own
 * transaction, written by pgbench (a built-in or a script of its own) or over JDBC, and its own
 * fingerprint of the tables it writes.
 */
enum Shape {

  /**
   * pgbench's TPC-B-like transaction: an account, a teller and a branch updated, a history row
   * inserted; narrow rows, four changes.
   */
  TPCB("pgbench tpcb-like", 4, null, "fingerprint-small.sql", "fingerprint-accounts.sql"),

  /**
   * Wide rows of {@code bench_wide}: one updated in its title, jsonb document and timestamp (its 4
   * KiB TOASTed payload unchanged, so the stream carries it as unavailable), and one inserted with
   * a new 4 KiB payload out of line; two changes.
   */
  WIDE(
      "wide rows: TOASTed text, jsonb, bytea",
      2,
      "wide-transaction.pgbench",
      "fingerprint-wide-small.sql",
      "fingerprint-wide.sql");

  private static final String UPDATE_WIDE =
      "UPDATE bench_wide SET title = 'edited ' || ?, doc = jsonb_set(doc, '{edits}',"
          + " to_jsonb(?::int)), updated_at = clock_timestamp() WHERE id = ?";
  private static final String INSERT_WIDE =
      "INSERT INTO bench_wide (id, title, payload, doc, blob, updated_at)"
          + " VALUES (nextval('bench_wide_ids'), 'new', repeat(md5(random()::text), 128),"
          + " jsonb_build_object('k', random()), decode(md5(random()::text), 'hex'),"
          + " clock_timestamp())";

  private final String description;
  private final int changesPerTransaction;
  private final String script;
  private final SqlResource smallFingerprint;
  private final SqlResource fullFingerprint;

  Shape(
      String description,
      int changesPerTransaction,
      String script,
      String smallFingerprint,
      String fullFingerprint) {
    this.description = description;
    this.changesPerTransaction = changesPerTransaction;
    this.script = script;
    this.smallFingerprint = SqlResource.load(Shape.class, smallFingerprint);
    this.fullFingerprint = SqlResource.load(Shape.class, fullFingerprint);
  }

  String description() {
    return description;
  }

  /** Row changes one transaction makes. */
  int changesPerTransaction() {
    return changesPerTransaction;
  }

  /** The pgbench script of the shape, or null for pgbench's built-in tpcb-like. */
  String pgbenchScript() {
    return script == null ? null : SqlResource.load(Shape.class, script).body();
  }

  /** The fingerprint queries: a cheap one polled, a full one checked when it matches. */
  SqlResource smallFingerprint() {
    return smallFingerprint;
  }

  SqlResource fullFingerprint() {
    return fullFingerprint;
  }

  /** One transaction of this shape over JDBC, the same statements pgbench runs, committed. */
  void transaction(Connection c, int scale) throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (this == WIDE) {
      int id = random.nextInt(1, BenchData.WIDE_ROWS_PER_SCALE * scale + 1);
      JdbcWorkload.execute(c, UPDATE_WIDE, id, id, id);
      JdbcWorkload.execute(c, INSERT_WIDE);
    } else {
      JdbcWorkload.tpcb(c, scale, random);
    }
    c.commit();
  }
}
