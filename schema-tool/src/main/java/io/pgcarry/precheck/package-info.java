/**
 * The precheck: every reason a migration would fail, with its fix, found before anything is
 * created.
 *
 * <p>{@link io.pgcarry.precheck.Precheck} opens read-only, time-boxed connections ({@code
 * ConnectivityCheck}, which explains failures), reads the tables the {@link
 * io.pgcarry.common.TableSelection} takes, then runs each {@code Check} in turn. Every check is a
 * small class with one job; its catalog SQL lives in a {@code .sql} file in the resources of this
 * package. The result is a {@link io.pgcarry.precheck.PrecheckReport} of {@link
 * io.pgcarry.precheck.Finding}s, each with a {@link io.pgcarry.precheck.Level}, the check's id, the
 * object concerned, an explanation, and the SQL that fixes it where there is such SQL.
 *
 * <p>Checks, by id: {@code connectivity}, {@code version}, {@code wal-level}, {@code
 * replication-capacity}, {@code wal-retention}, {@code replication-slots}, {@code fallback-slots},
 * {@code long-transactions}, {@code statement-timeout}, {@code selection}, {@code no-streaming},
 * {@code mapping}, {@code source-privileges}, {@code target-privileges}, {@code
 * target-replication-role}, {@code replica-identity}, {@code keyless-tables}, {@code
 * unlogged-tables}, {@code large-objects}, {@code generated-columns}, {@code c-functions}, {@code
 * extensions}, {@code target-tables}, {@code target-columns}, {@code size}.
 */
package io.pgcarry.precheck;
