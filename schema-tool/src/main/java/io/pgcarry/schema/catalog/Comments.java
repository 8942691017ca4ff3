package io.pgcarry.schema.catalog;

import io.pgcarry.common.sql.Identifier;
import io.pgcarry.schema.ddl.CatalogRef;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The comments of a database, looked up by the object they describe. Immutable once read. */
public final class Comments {

  private final Map<String, String> texts;

  private Comments(Map<String, String> texts) {
    this.texts = Map.copyOf(texts);
  }

  /** Reads every comment of the connected database. */
  public static Comments read(Connection connection) {
    Map<String, String> texts = new HashMap<>();
    for (CatalogRow row : CatalogQuery.run(connection, "comments")) {
      texts.put(
          key(new CatalogRef(row.string("catalog"), row.number("oid")), (int) row.number("subid")),
          row.string("text"));
    }
    return new Comments(texts);
  }

  /** No comments at all. */
  public static Comments none() {
    return new Comments(Map.of());
  }

  /** The comment on an object, if any. */
  public Optional<String> on(CatalogRef ref) {
    return Optional.ofNullable(texts.get(key(ref, 0)));
  }

  /** The comment on a column (or composite type attribute), if any. */
  public Optional<String> onColumn(CatalogRef relation, int column) {
    return Optional.ofNullable(texts.get(key(relation, column)));
  }

  /**
   * Adds {@code COMMENT ON target IS '...'} to the statements when the object has a comment.
   *
   * @param target what follows {@code COMMENT ON}, e.g. {@code TABLE public.actor}
   */
  public void addTo(List<String> statements, CatalogRef ref, String target) {
    on(ref).ifPresent(text -> statements.add(statement(target, text)));
  }

  /** A {@code COMMENT ON} statement. */
  public static String statement(String target, String text) {
    return "COMMENT ON " + target + " IS " + Identifier.literal(text);
  }

  private static String key(CatalogRef ref, int subid) {
    return ref.catalog() + ":" + ref.oid() + ":" + subid;
  }
}
