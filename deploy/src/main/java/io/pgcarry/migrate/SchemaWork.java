package io.pgcarry.migrate;

import io.pgcarry.common.TableId;
import java.util.List;

/**
 * What a migration asks of the schema tool, step by step. {@link SchemaToolWork} does it with
 * pgcarry's schema tool; a test may put pg_dump in its place.
 */
public interface SchemaWork {

  /** Refuses to start when the migration would fail; runs before anything is touched. */
  void precheck() throws Exception;

  /** Creates the target database when missing, then everything but the post-data objects. */
  void preData() throws Exception;

  /** The tables whose rows are migrated. */
  List<TableId> selectedTables() throws Exception;

  /**
   * Creates non-unique indexes, triggers, and foreign keys without validating them yet (the sink
   * keeps applying changes).
   */
  void postData() throws Exception;

  /** At cutover, once the target has everything: validates the foreign keys. */
  void validateForeignKeys() throws Exception;
}
