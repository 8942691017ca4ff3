package io.pgcarry.migrate;

import io.pgcarry.common.TableId;
import java.util.List;

/** The schema work a migration does around the full load. */
public interface SchemaStep {

  /** Refuses to start when the migration would fail; runs before anything is touched. */
  void precheck() throws Exception;

  /** Creates the target database when missing, then everything but triggers and foreign keys. */
  void preData() throws Exception;

  /** The tables whose rows are migrated. */
  List<TableId> selectedTables() throws Exception;

  /** Creates triggers, and foreign keys without validating them yet (the load is still moving). */
  void postData() throws Exception;

  /** At cutover, once the target has everything: validates the foreign keys. */
  void validate() throws Exception;
}
