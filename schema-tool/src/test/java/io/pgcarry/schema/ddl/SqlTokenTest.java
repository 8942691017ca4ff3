package io.pgcarry.schema.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTokenTest {

  @Test
  void splitsIdentifiersLiteralsAndDollarQuotesAndJoinsBackToTheInput() {
    String sql = "SELECT \"Odd \"\"x\"\"\".a, 'it''s' || $b$ y.z $b$ FROM s.t WHERE $1 > 0";

    List<SqlToken> tokens = SqlToken.split(sql);

    assertThat(String.join("", tokens.stream().map(SqlToken::text).toList())).isEqualTo(sql);
    assertThat(tokens.stream().filter(SqlToken::identifier).map(SqlToken::value))
        .containsExactly("select", "Odd \"x\"", "a", "from", "s", "t", "where");
  }
}
