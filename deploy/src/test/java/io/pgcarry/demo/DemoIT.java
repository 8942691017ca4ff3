package io.pgcarry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The demo a newcomer runs first: it must migrate, cut over and verify on its own. */
class DemoIT {

  @Test
  void demoMigratesTheShopUnderLoadAndVerifies() {
    StringWriter output = new StringWriter();
    int code = PgcarryCli.run(output, "demo", "--streaming-time", "PT5S");

    assertThat(code).as(output.toString()).isZero();
    assertThat(output.toString())
        .contains("[full-load]")
        .contains("[streaming]")
        .contains("cutover complete at source LSN")
        .contains("6 tables, 6 match, 0 differ")
        .contains("the target equals the source");
    // The demo removes its work directory, the broker's data and the log included.
    java.util.regex.Matcher removed =
        java.util.regex.Pattern.compile("demo: removed its work directory (\\S+)")
            .matcher(output.toString());
    assertThat(removed.find()).as(output.toString()).isTrue();
    assertThat(java.nio.file.Path.of(removed.group(1))).doesNotExist();
  }
}
