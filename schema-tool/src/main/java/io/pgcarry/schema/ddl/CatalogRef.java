package io.pgcarry.schema.ddl;

/**
 * A row of a system catalog, the way {@code pg_depend} names objects.
 *
 * @param catalog the catalog's name, such as {@code pg_class}
 * @param oid the row's object id
 */
public record CatalogRef(String catalog, long oid) {

  public static CatalogRef pgClass(long oid) {
    return new CatalogRef("pg_class", oid);
  }

  public static CatalogRef pgType(long oid) {
    return new CatalogRef("pg_type", oid);
  }

  public static CatalogRef pgProc(long oid) {
    return new CatalogRef("pg_proc", oid);
  }

  public static CatalogRef pgConstraint(long oid) {
    return new CatalogRef("pg_constraint", oid);
  }
}
