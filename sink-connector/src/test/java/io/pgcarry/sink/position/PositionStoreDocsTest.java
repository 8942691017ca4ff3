package io.pgcarry.sink.position;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.sql.Identifier;
import io.pgcarry.common.sql.SqlResource;
import io.pgcarry.common.stream.PositionTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PositionStoreDocsTest {

  @Test
  void readmeShowsThePositionTableAsCommonDefinesIt() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    String definition =
        SqlResource.load(PositionTable.class, "position-table.sql")
            .format(
                Identifier.quote(PositionTable.DEFAULT.schema()), PositionTable.DEFAULT.quoted());

    assertThat(readme).contains("```sql\n" + definition + "```\n");
  }
}
