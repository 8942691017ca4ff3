package io.pgcarry.schema.catalog;

import io.pgcarry.schema.ddl.CatalogRef;

/**
 * A row of {@code pg_depend}: {@code dependent} needs {@code referenced} to exist.
 *
 * @param dependent the catalog row that depends
 * @param referenced the catalog row depended on
 * @param automatic whether the dependency is automatic (deptype 'a'), such as a sequence owned by a
 *     column
 */
public record Dependency(CatalogRef dependent, CatalogRef referenced, boolean automatic) {}
