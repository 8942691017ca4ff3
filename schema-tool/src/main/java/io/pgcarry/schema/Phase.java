package io.pgcarry.schema;

import io.pgcarry.schema.ddl.Section;

/**
 * Which part of the schema a run creates: pre-data is everything the initial copy needs (tables,
 * types, functions, views, indexes, ...); post-data is triggers and foreign keys, created after the
 * copy so they neither slow it down nor fire during it.
 */
public enum Phase {
  PRE_DATA,
  POST_DATA,
  ALL;

  /** Whether objects of the section belong to this phase. */
  public boolean includes(Section section) {
    return switch (this) {
      case PRE_DATA -> section == Section.PRE_DATA;
      case POST_DATA -> section == Section.POST_DATA;
      case ALL -> true;
    };
  }
}
