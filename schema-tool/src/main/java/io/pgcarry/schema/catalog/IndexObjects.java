package io.pgcarry.schema.catalog;

import io.pgcarry.common.TableId;
import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;

/**
 * Indexes that implement no constraint, the attachment of partitions' indexes to their partitioned
 * parent index, and REPLICA IDENTITY USING INDEX.
 */
final class IndexObjects {

  private IndexObjects() {}

  static void read(CatalogReader reader) {
    indexes(reader);
    statistics(reader);
  }

  private static void statistics(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "statistics")) {
      TableId source = new TableId(row.string("table_schema"), row.string("table_name"));
      reader.build(source, () -> statistics(reader, row, source));
    }
  }

  private static void statistics(CatalogReader reader, CatalogRow row, TableId source) {
    CatalogRef ref = new CatalogRef("pg_statistic_ext", row.number("oid"));
    String name = reader.names().qualified(row.string("schema"), row.string("name"));
    ObjectBuilder object =
        new ObjectBuilder(ObjectKind.STATISTICS, name, source.schema())
            .table(source)
            .ref(ref)
            .statement(
                SourceText.forTable(
                    reader.names(), source, row.string("definition"), "STATISTICS " + name));
    if (row.string("target") != null) {
      object.statement("ALTER STATISTICS " + name + " SET STATISTICS " + row.string("target"));
    }
    reader.comments().addTo(object.statements(), ref, "STATISTICS " + name);
    reader.add(object.build());
  }

  private static void indexes(CatalogReader reader) {
    for (CatalogRow row : CatalogQuery.run(reader.connection(), "indexes")) {
      CatalogRef ref = CatalogRef.pgClass(row.number("oid"));
      CatalogRef tableRef = CatalogRef.pgClass(row.number("table_oid"));
      if (reader.isExtensionMember(tableRef)) {
        continue;
      }
      TableId source = new TableId(row.string("table_schema"), row.string("table_name"));
      reader.build(source, () -> index(reader, row, ref, source));
    }
  }

  private static void index(CatalogReader reader, CatalogRow row, CatalogRef ref, TableId source) {
    String table = reader.names().table(source).quoted();
    String name = reader.names().qualified(row.string("schema"), row.string("name"));
    boolean unique = row.string("definition").startsWith("CREATE UNIQUE ");
    if (!row.bool("constraint_backed")) {
      ObjectBuilder object =
          new ObjectBuilder(
                  unique ? ObjectKind.INDEX : ObjectKind.SECONDARY_INDEX, name, source.schema())
              .table(source)
              .ref(ref)
              .statement(
                  SourceText.forTable(
                      reader.names(), source, row.string("definition"), "INDEX " + name));
      if (row.bool("clustered")) {
        object.statement(
            "ALTER TABLE " + table + " CLUSTER ON " + Identifier.quote(row.string("name")));
      }
      reader.comments().addTo(object.statements(), ref, "INDEX " + name);
      reader.add(object.build());
    }
    if (row.number("parent_oid") != 0) {
      String parent =
          reader.names().qualified(row.string("parent_schema"), row.string("parent_name"));
      reader.add(
          new ObjectBuilder(
                  unique ? ObjectKind.INDEX_ATTACH : ObjectKind.SECONDARY_INDEX_ATTACH,
                  name,
                  source.schema())
              .table(source)
              .requires(ref)
              .requires(CatalogRef.pgClass(row.number("parent_oid")))
              .statement("ALTER INDEX " + parent + " ATTACH PARTITION " + name)
              .build());
    }
    if (row.bool("replica_identity")) {
      reader.add(
          new ObjectBuilder(ObjectKind.REPLICA_IDENTITY, table, source.schema())
              .table(source)
              .requires(ref)
              .statement(
                  "ALTER TABLE ONLY "
                      + table
                      + " REPLICA IDENTITY USING INDEX "
                      + Identifier.quote(row.string("name")))
              .build());
    }
  }
}
