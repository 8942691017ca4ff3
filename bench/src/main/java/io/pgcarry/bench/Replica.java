package io.pgcarry.bench;

import io.pgcarry.common.PgUri;
import java.util.OptionalLong;

/**
 * A peer that keeps a target database in step with the source while the benchmark writes: native
 * logical replication or a pgcarry migration. Not thread-safe.
 */
interface Replica {

  /** The peer's name in the report. */
  String name();

  /** The target database it writes. */
  PgUri target();

  /** Stops applying changes; they wait in the source's replication slot. Returns once stopped. */
  void pause() throws Exception;

  /** Applies changes again, starting with those that waited. */
  void resume() throws Exception;

  /** The process of its own that carries the changes, besides the servers: pgcarry's JVM. */
  default OptionalLong process() {
    return OptionalLong.empty();
  }
}
