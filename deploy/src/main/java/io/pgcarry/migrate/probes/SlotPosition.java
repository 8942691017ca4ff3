package io.pgcarry.migrate.probes;

/**
 * The migration's replication slot against the source's current WAL position, in bytes, measured at
 * one moment.
 *
 * @param currentLsn the source's current WAL write position
 * @param confirmedLsn how far the source connector has confirmed the slot: everything before it is
 *     in Kafka
 * @param bytesBehind WAL written on the source after the confirmed position
 * @param retainedBytes WAL the source keeps for the slot (from its restart position): what the slot
 *     costs in disk space
 * @param walStatus PostgreSQL's {@code wal_status} of the slot (13 and later), or null
 * @param safeWalBytes WAL that can still be written before the slot risks losing WAL it needs
 *     ({@code safe_wal_size}, 13 and later, with {@code max_slot_wal_keep_size} set), or null
 * @param maxKeepBytes the source's {@code max_slot_wal_keep_size} in bytes, or null when unlimited
 *     or unknown
 * @param level OK, WARNING or ERROR against the thresholds
 * @param advice what to do at WARNING or ERROR, empty at OK
 */
public record SlotPosition(
    String currentLsn,
    String confirmedLsn,
    long bytesBehind,
    long retainedBytes,
    String walStatus,
    Long safeWalBytes,
    Long maxKeepBytes,
    WalThresholds.Level level,
    String advice) {}
