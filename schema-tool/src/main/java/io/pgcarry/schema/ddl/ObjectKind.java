package io.pgcarry.schema.ddl;

/**
 * The kinds of object the schema tool creates, in the order it prefers when dependencies leave a
 * choice (the declaration order, like pg_dump's object priorities), each with its section.
 */
public enum ObjectKind {
  SCHEMA("SCHEMA"),
  EXTENSION("EXTENSION"),
  COLLATION("COLLATION"),
  TYPE_SHELL("TYPE SHELL"),
  TYPE("TYPE"),
  DOMAIN("DOMAIN"),
  FUNCTION("FUNCTION"),
  PROCEDURE("PROCEDURE"),
  ACCESS_METHOD("ACCESS METHOD"),
  AGGREGATE("AGGREGATE"),
  OPERATOR("OPERATOR"),
  OPERATOR_FAMILY("OPERATOR FAMILY"),
  OPERATOR_CLASS("OPERATOR CLASS"),
  CAST("CAST"),
  TEXT_SEARCH_PARSER("TEXT SEARCH PARSER"),
  TEXT_SEARCH_TEMPLATE("TEXT SEARCH TEMPLATE"),
  TEXT_SEARCH_DICTIONARY("TEXT SEARCH DICTIONARY"),
  TEXT_SEARCH_CONFIGURATION("TEXT SEARCH CONFIGURATION"),
  SEQUENCE("SEQUENCE"),
  TABLE("TABLE"),
  PARTITION_ATTACH("PARTITION"),
  SEQUENCE_OWNERSHIP("SEQUENCE OWNED BY"),
  VIEW("VIEW"),
  MATERIALIZED_VIEW("MATERIALIZED VIEW"),
  /** A CHECK constraint not written inside its table's CREATE TABLE. */
  CONSTRAINT("CONSTRAINT"),
  /**
   * A primary key, unique or exclusion constraint: what a migration may build after the table's
   * rows ({@code DeferredKeyTable}), and what the sink may key rows by. Ordered in {@link
   * #CONSTRAINT}'s place ({@link #place()}).
   */
  KEY("CONSTRAINT"),
  INDEX("INDEX"),
  INDEX_ATTACH("INDEX ATTACH"),
  STATISTICS("STATISTICS"),
  REPLICA_IDENTITY("REPLICA IDENTITY"),
  RULE("RULE"),
  POLICY("POLICY"),
  TRIGGER("TRIGGER", Section.POST_DATA),
  FOREIGN_KEY("FOREIGN KEY", Section.POST_DATA),
  /**
   * A non-unique index. Built after the full load: on a million rows with three such indexes,
   * loading first and indexing after took 5.3-5.6 s against 14.2-14.4 s for loading into the
   * indexed table (PostgreSQL 15, same machine). Unique indexes stay in pre-data: the sink may key
   * rows by one, and replica identity may name one (a migration's pre-data leaves those of plain
   * tables for the sink to build after each table's rows: {@code plan.KeysAfterRows}).
   */
  SECONDARY_INDEX("INDEX", Section.POST_DATA),
  SECONDARY_INDEX_ATTACH("INDEX ATTACH", Section.POST_DATA);

  private final String label;
  private final Section section;

  ObjectKind(String label) {
    this(label, Section.PRE_DATA);
  }

  ObjectKind(String label, Section section) {
    this.label = label;
    this.section = section;
  }

  /** How reports name the kind, e.g. {@code MATERIALIZED VIEW}. */
  public String label() {
    return label;
  }

  public Section section() {
    return section;
  }

  /**
   * The kind's place in the preferred order: its declaration order, but {@link #KEY} shares {@link
   * #CONSTRAINT}'s place, so that constraints order by name whatever their type, as they did before
   * keys were a kind of their own.
   */
  public int place() {
    return this == KEY ? CONSTRAINT.ordinal() : ordinal();
  }
}
