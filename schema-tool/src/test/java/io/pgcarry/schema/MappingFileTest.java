package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MappingFileTest {

  @Test
  void readsTheDocumentedExample() {
    NameMapping mapping = MappingFile.read(Path.of("..", "config", "mapping.example.yaml"));

    assertThat(mapping.table(new TableId("public", "film"))).isEqualTo(new TableId("app", "movie"));
    assertThat(mapping.column(new TableId("public", "film"), "release_year"))
        .isEqualTo("year_released");
    assertThat(mapping.carries(new TableId("public", "film"), "fulltext")).isFalse();
    assertThat(mapping.carries(new TableId("public", "customer"), "email")).isTrue();
    assertThat(mapping.carries(new TableId("public", "customer"), "password")).isFalse();
  }

  @Test
  void namesTheFileAndTheProblem() throws Exception {
    Path file = Files.createTempFile("mapping", ".yaml");
    Files.writeString(file, "tables:\n  public.x:\n    columns: [a]\n");

    assertThatThrownBy(() -> MappingFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tables.public.x.columns must be a map");
    Files.delete(file);
  }
}
