package io.pgcarry.migrate;

import io.pgcarry.migrate.probes.WalThresholds;
import java.net.URI;
import java.util.Optional;

/**
 * What a running migration shows its operators besides its progress.
 *
 * @param statusPage the status page serving this migration (with {@code /metrics}), published in
 *     the status; empty when none is served
 * @param wal the retained WAL thresholds of the status
 */
public record OperatorOptions(Optional<URI> statusPage, WalThresholds wal) {}
