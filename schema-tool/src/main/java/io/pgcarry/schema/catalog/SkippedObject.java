package io.pgcarry.schema.catalog;

/**
 * A source object the tool deliberately does not create, and why.
 *
 * @param description kind and name, e.g. {@code FUNCTION public.f(integer)}
 * @param reason why it is skipped, e.g. {@code written in C}
 */
public record SkippedObject(String description, String reason) {}
