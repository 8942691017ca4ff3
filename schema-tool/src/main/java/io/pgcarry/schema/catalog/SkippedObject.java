package io.pgcarry.schema.catalog;

import io.pgcarry.schema.ddl.CatalogRef;

/**
 * A source object the tool deliberately does not create, and why.
 *
 * @param description kind and name, e.g. {@code FUNCTION public.f(integer)}
 * @param reason why it is skipped, e.g. {@code written in C}
 * @param ref the catalog row, so that what depends on it is skipped too
 * @param schema the source schema it lives in, for selection
 */
public record SkippedObject(String description, String reason, CatalogRef ref, String schema) {}
