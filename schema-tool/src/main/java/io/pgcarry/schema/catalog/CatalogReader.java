package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.SchemaObject;
import io.pgcarry.schema.ddl.TargetNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a database's catalog into {@link SchemaObject}s named for the target, with the catalog rows
 * each one stands for and the dependencies between rows. Not thread-safe; one use.
 *
 * <p>The session reads with {@code search_path = ''}, so that every name the server renders (views,
 * defaults, constraints) is schema-qualified, as pg_dump does.
 */
public final class CatalogReader {

  private final Connection connection;
  private final TargetNames names;
  private final boolean deferForeignKeyValidation;
  private final List<SchemaObject> objects = new ArrayList<>();
  private final Map<CatalogRef, CatalogRef> aliases = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<SkippedObject> skipped = new ArrayList<>();
  private final List<ForeignKeyConstraint> foreignKeys = new ArrayList<>();
  private final List<MappingConflict.Conflict> conflicts = new ArrayList<>();
  private final Set<TableId> partitioned = new HashSet<>();
  private Comments comments = Comments.none();
  private List<CatalogRow> constraintRows;
  private ServerInfo server;

  /**
   * @param connection an open connection to the database to read; left open
   * @param names the target names of source objects
   * @param deferForeignKeyValidation whether foreign keys are rendered {@code NOT VALID}
   */
  public CatalogReader(
      Connection connection, TargetNames names, boolean deferForeignKeyValidation) {
    this.connection = connection;
    this.names = names;
    this.deferForeignKeyValidation = deferForeignKeyValidation;
  }

  /**
   * Reads the whole catalog in one read-only repeatable-read transaction.
   *
   * @throws CatalogReadFailure when a query fails
   */
  public Catalog read() {
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        statement.execute("SET LOCAL search_path = ''");
        readAll();
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new CatalogReadFailure("cannot read the catalog: " + e.getMessage(), e);
    }
    return new Catalog(
        server,
        objects,
        aliases,
        dependencies(),
        warnings,
        skipped,
        foreignKeys,
        conflicts,
        partitioned);
  }

  private void readAll() {
    server = ServerInfo.read(connection);
    comments = Comments.read(connection);
    for (CatalogRow row : CatalogQuery.run(connection, "extension-members")) {
      alias(
          new CatalogRef(row.string("catalog"), row.number("oid")),
          new CatalogRef("pg_extension", row.number("extension")));
    }
    NamespaceObjects.read(this);
    TypeObjects.read(this);
    RoutineObjects.read(this);
    TextSearchObjects.read(this);
    OperatorFamilyObjects.read(this);
    TableObjects.read(this);
    ViewObjects.read(this);
    TableChildObjects.read(this);
  }

  private List<Dependency> dependencies() {
    List<Dependency> out = new ArrayList<>();
    for (CatalogRow row : CatalogQuery.run(connection, "dependencies")) {
      out.add(
          new Dependency(
              new CatalogRef(row.string("catalog"), row.number("oid")),
              new CatalogRef(row.string("ref_catalog"), row.number("ref_oid")),
              "a".equals(row.string("type"))));
    }
    return out;
  }

  Connection connection() {
    return connection;
  }

  TargetNames names() {
    return names;
  }

  /** The table constraints, read once and shared by the tables and their children. */
  List<CatalogRow> constraintRows() {
    if (constraintRows == null) {
      constraintRows = CatalogQuery.run(connection, "constraints");
    }
    return constraintRows;
  }

  /** Notes a table that is partitioned or a partition. */
  void partitioned(TableId source) {
    partitioned.add(source);
  }

  boolean deferForeignKeyValidation() {
    return deferForeignKeyValidation;
  }

  Map<CatalogRef, CatalogRef> aliases() {
    return aliases;
  }

  Comments comments() {
    return comments;
  }

  ServerInfo server() {
    return server;
  }

  /** Whether the row was created by an extension, so it is not carried on its own. */
  boolean isExtensionMember(CatalogRef ref) {
    CatalogRef owner = aliases.get(ref);
    return owner != null && owner.catalog().equals("pg_extension");
  }

  /**
   * Adds an object, with every remaining qualified name of a renamed schema or table in its name
   * and statements replaced ({@link SourceText#qualifiedNames}).
   */
  void add(SchemaObject object) {
    NameMapping mapping = names.mapping();
    if (mapping.isIdentity()) {
      objects.add(object);
      return;
    }
    objects.add(
        new SchemaObject(
            object.kind(),
            SourceText.qualifiedNames(mapping, object.name()),
            object.schema(),
            object.table(),
            object.statements().stream()
                .map(statement -> SourceText.qualifiedNames(mapping, statement))
                .toList(),
            object.refs(),
            object.requires()));
  }

  /**
   * Builds the objects of one catalog row that belong to {@code table}. When the name mapping
   * cannot be applied to them, the conflict is recorded instead, and nothing of the row is added:
   * the planner refuses it if the table is selected, and the read goes on, so every conflict is
   * named.
   */
  void build(TableId table, Runnable objectsOfRow) {
    try {
      objectsOfRow.run();
    } catch (MappingConflict e) {
      conflicts.add(new MappingConflict.Conflict(table, e.getMessage()));
    }
  }

  /** Records that {@code ref} is created as part of {@code owner}. */
  void alias(CatalogRef ref, CatalogRef owner) {
    aliases.putIfAbsent(ref, owner);
  }

  void foreignKey(ForeignKeyConstraint foreignKey) {
    foreignKeys.add(foreignKey);
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  void skip(SkippedObject object) {
    skipped.add(object);
  }
}
