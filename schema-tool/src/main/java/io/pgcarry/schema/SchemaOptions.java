package io.pgcarry.schema;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the schema tool reads, where it writes, and what it carries. Immutable.
 *
 * @param source the database to read
 * @param target the database to create objects in (created when missing)
 * @param includes {@code schema.table} glob patterns; empty selects everything
 * @param excludes {@code schema.table} glob patterns to leave out
 * @param mapping source names to target names, and column subsets (config/README-mapping.md; {@link
 *     MappingFile} reads the file)
 * @param deferForeignKeyValidation whether foreign keys are created {@code NOT VALID}, to be
 *     validated by {@link SchemaMigrator#validateForeignKeys()} once data is consistent
 * @param owners whether to give each created object its source owner ({@code ALTER ... OWNER TO})
 * @param privileges whether to reproduce the source's privileges ({@code GRANT} and {@code REVOKE})
 * @param roles the target names of source roles, for owners and privileges
 * @param keyDeferral when present, a pre-data run leaves out the keys of plain tables (primary
 *     keys, unique and exclusion constraints, unique indexes, replica identity indexes) and records
 *     them for the sink to build after each table's full load; see {@link #withKeysDeferred}
 */
public record SchemaOptions(
    PgUri source,
    PgUri target,
    List<String> includes,
    List<String> excludes,
    NameMapping mapping,
    boolean deferForeignKeyValidation,
    boolean owners,
    boolean privileges,
    RoleMap roles,
    Optional<KeyDeferral> keyDeferral) {

  public SchemaOptions {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(keyDeferral, "keyDeferral");
  }

  /** Options that create every key in pre-data. */
  public SchemaOptions(
      PgUri source,
      PgUri target,
      List<String> includes,
      List<String> excludes,
      NameMapping mapping,
      boolean deferForeignKeyValidation,
      boolean owners,
      boolean privileges,
      RoleMap roles) {
    this(
        source,
        target,
        includes,
        excludes,
        mapping,
        deferForeignKeyValidation,
        owners,
        privileges,
        roles,
        Optional.empty());
  }

  /** Options that carry neither owners nor privileges. */
  public SchemaOptions(
      PgUri source,
      PgUri target,
      List<String> includes,
      List<String> excludes,
      NameMapping mapping,
      boolean deferForeignKeyValidation) {
    this(
        source,
        target,
        includes,
        excludes,
        mapping,
        deferForeignKeyValidation,
        false,
        false,
        RoleMap.IDENTITY);
  }

  /**
   * These options with the keys of a migration's plain tables left out of pre-data and recorded
   * beside its position table, for the sink to build after each table's full load.
   *
   * @param positionTable the sink's {@code position.table}
   */
  public SchemaOptions withKeysDeferred(String migration, TableId positionTable) {
    return new SchemaOptions(
        source,
        target,
        includes,
        excludes,
        mapping,
        deferForeignKeyValidation,
        owners,
        privileges,
        roles,
        Optional.of(new KeyDeferral(migration, positionTable)));
  }

  /** Everything from source to target, foreign keys validated when created. */
  public static SchemaOptions of(PgUri source, PgUri target) {
    return new SchemaOptions(source, target, List.of(), List.of(), NameMapping.IDENTITY, false);
  }
}
