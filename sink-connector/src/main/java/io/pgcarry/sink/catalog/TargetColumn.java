package io.pgcarry.sink.catalog;

/**
 * A column of a target table.
 *
 * @param name the column name, unquoted
 * @param type the column type as {@code format_type} writes it, usable in {@code CAST(… AS type)}
 * @param generated true for a generated column, whose value the target computes
 * @param identityAlways true for an identity column GENERATED ALWAYS
 */
public record TargetColumn(String name, String type, boolean generated, boolean identityAlways) {}
