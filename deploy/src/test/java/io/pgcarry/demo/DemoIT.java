package io.pgcarry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The demo a newcomer runs first: it must migrate, cut over and verify on its own. Run with {@code
 * --fallback}, which goes on from the same cutover (one demo, not two, for CI's time): the
 * application writes on the new server, the demo falls back and verifies the old server against the
 * new one.
 */
class DemoIT {

  @Test
  void demoMigratesTheShopUnderLoadCutsOverFallsBackAndVerifies() {
    StringWriter output = new StringWriter();
    int code = PgcarryCli.run(output, "demo", "--streaming-time", "PT5S", "--fallback");

    assertThat(code).as(output.toString()).isZero();
    assertThat(output.toString())
        .contains("[full-load]")
        .contains("[streaming]")
        .contains("cutover complete at source LSN")
        .contains("the way back streams")
        .contains("the application now writes to the new server")
        .contains("fallback complete at new server LSN")
        .contains("6 tables, 6 match, 0 differ")
        .contains("the old server equals the new one");
    // The demo removes its work directory, the broker's data and the log included.
    java.util.regex.Matcher removed =
        java.util.regex.Pattern.compile("demo: removed its work directory (\\S+)")
            .matcher(output.toString());
    assertThat(removed.find()).as(output.toString()).isTrue();
    assertThat(java.nio.file.Path.of(removed.group(1))).doesNotExist();
  }
}
