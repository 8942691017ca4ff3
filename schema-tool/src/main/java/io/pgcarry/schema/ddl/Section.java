package io.pgcarry.schema.ddl;

/**
 * When an object is created relative to the initial data copy: before it (pre-data) or after it
 * (post-data), as pg_dump divides a dump.
 */
public enum Section {
  PRE_DATA,
  POST_DATA
}
