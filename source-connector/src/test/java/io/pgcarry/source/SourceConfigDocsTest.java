package io.pgcarry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourceConfigDocsTest {

  @Test
  void readmeHasTheReferenceGeneratedFromTheConfigDef() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(readme).contains(SourceConfigDocs.markdown());
  }

  @Test
  void everyKeyOfTheConfigDefHasARow() {
    String table = SourceConfigDocs.markdown();

    assertThat(SourceConfig.CONFIG_DEF.names())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(table).contains("| `" + key + "` |"));
  }
}
