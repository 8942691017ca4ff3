package io.pgcarry.deploy.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The write load's table without a key whose rows repeat, {@code ledger (account int, amount
 * bigint)} with {@code REPLICA IDENTITY FULL}: each write inserts two identical rows and deletes
 * one row of another account, so that the sink must apply every change to exactly one of several
 * equal rows. The tests' one writer of it.
 */
public final class Ledger {

  private Ledger() {}

  /**
   * Inserts two rows {@code (account, 1)} and deletes one row of {@code other}, in the caller's
   * transaction.
   *
   * @return the rows changed: 2, or 3 when {@code other} had a row
   */
  public static int write(Connection c, int account, int other) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger VALUES (?, 1)");
        PreparedStatement forget =
            c.prepareStatement(
                "DELETE FROM ledger WHERE ctid = (SELECT ctid FROM ledger WHERE account = ?"
                    + " LIMIT 1)")) {
      insert.setInt(1, account);
      insert.executeUpdate();
      insert.executeUpdate();
      forget.setInt(1, other);
      return 2 + forget.executeUpdate();
    }
  }
}
