package io.pgcarry.verify;

/**
 * One table compared on both sides.
 *
 * @param table the source table, quoted
 * @param targetTable the table it was compared with on the target, quoted (another name when the
 *     mapping renames it)
 * @param sourceRows rows on the source
 * @param targetRows rows on the target, or -1 when the table is missing there
 * @param sourceChecksum order-independent checksum of the source rows
 * @param targetChecksum the same on the target
 */
public record TableCheck(
    String table,
    String targetTable,
    long sourceRows,
    long targetRows,
    String sourceChecksum,
    String targetChecksum) {

  public boolean matches() {
    return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
  }
}
