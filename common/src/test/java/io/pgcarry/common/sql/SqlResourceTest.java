package io.pgcarry.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlResourceTest {

  @Test
  void loadsAFileFromTheOwnersPackageAndDropsItsHeader() {
    SqlResource query = SqlResource.load(SqlResourceTest.class, "resource-test.sql");

    assertThat(query.path()).isEqualTo("io/pgcarry/common/sql/resource-test.sql");
    assertThat(query.name()).isEqualTo("resource-test.sql");
    assertThat(query.text()).startsWith("-- A query for SqlResourceTest.");
    assertThat(query.body()).isEqualTo("SELECT count(*)\n  FROM %s\n");
    assertThat(query.format("\"a b\"")).isEqualTo("SELECT count(*)\n  FROM \"a b\"\n");
  }

  @Test
  void namesTheMissingFileAndWhoNeedsIt() {
    assertThatThrownBy(() -> SqlResource.load(SqlResourceTest.class, "no-such-query.sql"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io/pgcarry/common/sql/no-such-query.sql")
        .hasMessageContaining("is missing from the class path")
        .hasMessageContaining(SqlResourceTest.class.getName());
  }
}
