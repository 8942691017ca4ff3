package io.pgcarry.precheck;

import java.sql.SQLException;
import java.util.List;

/**
 * One precheck: reads catalogs and settings, changes nothing, and returns what it found.
 *
 * <p>Implementations are stateless and may be run any number of times. A check that cannot read
 * what it needs throws; {@link Precheck} turns that into a finding rather than stopping the others.
 */
interface Check {

  /** A stable, lower-case, hyphenated id such as {@code wal-level}, used in reports. */
  String id();

  /** The servers this check needs a connection to. */
  Servers needs();

  /**
   * Runs the check.
   *
   * @param context open connections and what is migrated; the connections this check {@link
   *     #needs()} are present
   * @return the findings, empty when all is well
   */
  List<Finding> run(CheckContext context) throws SQLException;

  /** Which connections a check needs. */
  enum Servers {
    SOURCE,
    TARGET,
    BOTH
  }
}
