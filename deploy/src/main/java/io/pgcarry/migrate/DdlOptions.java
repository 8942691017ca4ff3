package io.pgcarry.migrate;

import java.util.List;

/**
 * How a streaming run treats DDL on the source ({@link DdlCapture}).
 *
 * @param capture whether DDL is captured while streaming and applied to the target in stream order,
 *     new tables included
 * @param setReplicaIdentity whether a new table without a key gets {@code REPLICA IDENTITY FULL} so
 *     that it streams at once
 * @param skip captured commands the sink must not run, by the LSN its failure message names: the
 *     operator made the target match by hand
 */
public record DdlOptions(boolean capture, boolean setReplicaIdentity, List<String> skip) {

  /** DDL is not captured. */
  public static final DdlOptions NONE = new DdlOptions(false, false, List.of());

  public DdlOptions {
    skip = List.copyOf(skip);
  }
}
