package io.pgcarry.common.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgcarry.common.TableId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renames of databases, schemas, tables and columns between source and target, and column subsets.
 * Lookups take source names and return target names; a name without an entry maps to itself.
 * Immutable and thread-safe.
 *
 * <p>The file format (YAML or JSON, the same tree) is documented in {@code
 * config/README-mapping.md}; {@link #toJson()} writes it and {@link #parseJson} reads it, so a
 * mapping travels inline in a connector's configuration:
 *
 * <pre>
 * databases:
 *   shop: shop_v2
 * schemas:
 *   public: app
 * tables:
 *   public.film:
 *     name: movie
 *     columns: {title: film_title}
 *     exclude_columns: [fulltext]
 * </pre>
 *
 * <p>The mapping follows renames made on the source later ({@link #withSourceTableRenamed}, {@link
 * #withSourceColumnRenamed}), so that a table or column the operator renamed keeps its target name
 * when the source renames it in turn.
 *
 * @param databases database renames, source to target (for runs over several databases)
 * @param schemas schema renames, source to target
 * @param tables per-table mappings by source table
 */
public record NameMapping(
    Map<String, String> databases, Map<String, String> schemas, Map<TableId, TableMapping> tables) {

  /** The mapping that changes nothing. */
  public static final NameMapping IDENTITY = new NameMapping(Map.of(), Map.of(), Map.of());

  public NameMapping {
    databases = Map.copyOf(databases);
    schemas = Map.copyOf(schemas);
    tables = Map.copyOf(tables);
  }

  /**
   * Whether this mapping keeps every schema, table and column name and carries every column
   * (database renames aside: they name no object inside a database).
   */
  public boolean isIdentity() {
    return schemas.isEmpty() && tables.isEmpty();
  }

  /** The target name of a source database. */
  public String database(String source) {
    return databases.getOrDefault(source, source);
  }

  /** The target name of a source schema. */
  public String schema(String source) {
    return schemas.getOrDefault(source, source);
  }

  /** The target name of a source table. */
  public TableId table(TableId source) {
    TableMapping mapping = tables.get(source);
    String name = mapping == null ? source.table() : mapping.name().orElse(source.table());
    return new TableId(schema(source.schema()), name);
  }

  /** The target name of a column of a source table. */
  public String column(TableId source, String column) {
    TableMapping mapping = tables.get(source);
    return mapping == null ? column : mapping.columns().getOrDefault(column, column);
  }

  /** Whether a column of a source table is carried to the target. */
  public boolean carries(TableId source, String column) {
    TableMapping mapping = tables.get(source);
    return mapping == null || mapping.carries(column);
  }

  /** The carried ones of a source table's columns, in the order given, by their source names. */
  public List<String> carried(TableId source, List<String> columns) {
    return columns.stream().filter(column -> carries(source, column)).toList();
  }

  /** Whether the table keeps its name and every column name (columns may still be left out). */
  public boolean keepsNames(TableId source) {
    TableMapping mapping = tables.get(source);
    return table(source).equals(source) && (mapping == null || mapping.columns().isEmpty());
  }

  /**
   * The mapping after the source renamed table {@code from} to {@code to} (or moved it to another
   * schema): the entry of {@code from} now belongs to {@code to}. A name the mapping sets stays the
   * target's name; a name it does not set follows the source, so a table without a {@code name} of
   * its own is renamed on the target too.
   *
   * @throws IllegalArgumentException when the mapping already has an entry for {@code to}
   */
  public NameMapping withSourceTableRenamed(TableId from, TableId to) {
    TableMapping entry = tables.get(from);
    if (entry == null || from.equals(to)) {
      return this;
    }
    if (tables.containsKey(to)) {
      throw new IllegalArgumentException(
          "the source renamed " + from + " to " + to + ", which the mapping already maps");
    }
    Map<TableId, TableMapping> renamed = new HashMap<>(tables);
    renamed.remove(from);
    renamed.put(to, entry);
    return new NameMapping(databases, schemas, renamed);
  }

  /**
   * The mapping after the source renamed a column of a table: a target name the mapping sets for
   * the column stays, and the column keeps its place in the include or exclude list; a column
   * without a target name of its own follows the source.
   */
  public NameMapping withSourceColumnRenamed(TableId table, String from, String to) {
    TableMapping entry = tables.get(table);
    if (entry == null || from.equals(to)) {
      return this;
    }
    Map<TableId, TableMapping> renamed = new HashMap<>(tables);
    renamed.put(table, entry.withColumnRenamed(from, to));
    return new NameMapping(databases, schemas, renamed);
  }

  /** The mapping as JSON, in the file's tree, keys sorted; {@link #parseJson} reads it back. */
  public String toJson() {
    return MappingTree.write(this);
  }

  /**
   * Parses a mapping from a JSON text.
   *
   * @throws IllegalArgumentException naming the offending entry
   */
  public static NameMapping parseJson(String json) {
    try {
      return fromTree(new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("mapping is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Builds a mapping from a parsed YAML or JSON tree.
   *
   * @throws IllegalArgumentException naming the offending entry: an unknown key, a value of the
   *     wrong shape, or two source names mapped to the same target name
   */
  public static NameMapping fromTree(JsonNode root) {
    NameMapping mapping = MappingTree.read(root);
    mapping.checkUniqueTargets();
    return mapping;
  }

  private void checkUniqueTargets() {
    checkTables();
    checkSchemas();
  }

  private void checkTables() {
    Map<TableId, TableId> seen = new HashMap<>();
    for (TableId source : tables.keySet()) {
      TableId previous = seen.put(table(source), source);
      if (previous != null) {
        throw new IllegalArgumentException(
            "tables " + previous + " and " + source + " both map to " + table(source));
      }
      Set<String> columnTargets = new HashSet<>();
      for (String target : tables.get(source).columns().values()) {
        if (!columnTargets.add(target)) {
          throw new IllegalArgumentException(
              "two columns of " + source + " both map to '" + target + "'");
        }
      }
    }
    for (TableId source : tables.keySet()) {
      TableId target = table(source);
      if (!target.equals(source) && tables.containsKey(target)) {
        throw new IllegalArgumentException(
            "table "
                + source
                + " is renamed to "
                + target
                + ", which is itself renamed; rename through a name the source does not use");
      }
    }
  }

  private void checkSchemas() {
    if (new HashSet<>(schemas.values()).size() != schemas.size()) {
      throw new IllegalArgumentException("two schemas map to the same target schema");
    }
    for (Map.Entry<String, String> rename : schemas.entrySet()) {
      if (!rename.getKey().equals(rename.getValue()) && schemas.containsKey(rename.getValue())) {
        throw new IllegalArgumentException(
            "schema "
                + rename.getKey()
                + " is renamed to "
                + rename.getValue()
                + ", which is itself renamed; rename through a schema name the source does not"
                + " use");
      }
    }
    if (new HashSet<>(databases.values()).size() != databases.size()) {
      throw new IllegalArgumentException("two databases map to the same target database");
    }
  }
}
