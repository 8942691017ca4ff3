package io.pgcarry.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void cutsAtTopLevelSemicolons() {
    assertThat(SqlScript.statements("ALTER TABLE t ADD a int; UPDATE t SET a = 1;\nDROP TABLE u"))
        .containsExactly("ALTER TABLE t ADD a int", "UPDATE t SET a = 1", "DROP TABLE u");
  }

  @Test
  void semicolonsInQuotesCommentsAndBodiesDoNotCut() {
    String sql =
        "INSERT INTO t VALUES ('a;b', E'c\\';d', \"x;y\"); -- a; comment\n"
            + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;"
            + " /* block; /* nested; */ */ CREATE RULE r AS ON INSERT TO t DO ALSO"
            + " (DELETE FROM u; DELETE FROM v);"
            + " CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true"
            + " THEN 1 END; SELECT 2; END; SELECT 3";
    List<String> statements = SqlScript.statements(sql);
    assertThat(statements).hasSize(5);
    assertThat(statements.get(0)).endsWith("\"x;y\")");
    assertThat(statements.get(1)).startsWith("-- a; comment\nCREATE FUNCTION f()");
    assertThat(statements.get(3)).endsWith("SELECT 2; END");
    assertThat(statements.get(4)).isEqualTo("SELECT 3");
  }

  @Test
  void leavesOutEmptyStatementsAndComments() {
    assertThat(SqlScript.statements(";; -- nothing\n /* here */ ;")).isEmpty();
  }

  @Test
  void leadingWordsStopAtTheFirstTokenThatIsNoWord() {
    assertThat(SqlScript.leadingWords("  /* c */ create unique index concurrently \"i\" on t (a)"))
        .containsExactly("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY");
    assertThat(SqlScript.leadingWords("ALTER TABLE t ADD COLUMN a int"))
        .containsExactly("ALTER", "TABLE", "T", "ADD", "COLUMN", "A", "INT");
  }
}
