package io.pgcarry.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecheckReportTest {

  private static final PrecheckReport MIXED =
      new PrecheckReport(
          List.of(
              Finding.info("size", "source database shop", "the source database takes 8.0 MB"),
              Finding.warning(
                  "keyless-tables",
                  "public.log",
                  "no key",
                  "ALTER TABLE public.log REPLICA IDENTITY FULL;"),
              Finding.error(
                  "source-privileges",
                  "source schema shop",
                  "cannot SELECT",
                  "GRANT SELECT ON TABLE shop.a TO app;\nGRANT SELECT ON TABLE shop.b TO app;"),
              Finding.error("version", "target", "older target", null)));

  @Test
  void hasErrorsOnlyWhenAFindingIsAnError() {
    assertThat(MIXED.hasErrors()).isTrue();
    assertThat(new PrecheckReport(MIXED.at(Level.WARNING)).hasErrors()).isFalse();
    assertThat(new PrecheckReport(List.of()).hasErrors()).isFalse();
  }

  @Test
  void textGroupsFindingsByLevelMostSeriousFirstAndIndentsEveryFixLine() {
    assertThat(MIXED.toText())
        .isEqualTo(
            """
            ERRORS (2)
              [source-privileges] source schema shop: cannot SELECT
                  fix:
                    GRANT SELECT ON TABLE shop.a TO app;
                    GRANT SELECT ON TABLE shop.b TO app;
              [version] target: older target

            WARNINGS (1)
              [keyless-tables] public.log: no key
                  fix:
                    ALTER TABLE public.log REPLICA IDENTITY FULL;

            INFO (1)
              [size] source database shop: the source database takes 8.0 MB

            precheck failed: 2 errors, 1 warning, 1 note
            """);
  }

  @Test
  void textOfCleanReportIsOnlyTheSummary() {
    assertThat(new PrecheckReport(List.of()).toText())
        .isEqualTo("precheck passed: 0 errors, 0 warnings, 0 notes\n");
  }

  @Test
  void jsonCarriesEveryFieldWithNullForMissingFix() throws Exception {
    JsonNode json = new ObjectMapper().readTree(MIXED.toJson());

    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("errors").asInt()).isEqualTo(2);
    assertThat(json.get("warnings").asInt()).isEqualTo(1);
    assertThat(json.get("infos").asInt()).isEqualTo(1);
    JsonNode findings = json.get("findings");
    assertThat(findings).hasSize(4);
    JsonNode grant = findings.get(2);
    assertThat(grant.get("level").asText()).isEqualTo("ERROR");
    assertThat(grant.get("check").asText()).isEqualTo("source-privileges");
    assertThat(grant.get("object").asText()).isEqualTo("source schema shop");
    assertThat(grant.get("message").asText()).isEqualTo("cannot SELECT");
    assertThat(grant.get("fix").asText())
        .isEqualTo("GRANT SELECT ON TABLE shop.a TO app;\nGRANT SELECT ON TABLE shop.b TO app;");
    assertThat(findings.get(3).get("fix").isNull()).isTrue();
  }

  @Test
  void copiesFindingsSoLaterChangesToTheListDoNotLeakIn() {
    var findings = new java.util.ArrayList<Finding>();
    PrecheckReport report = new PrecheckReport(findings);
    findings.add(Finding.error("version", "target", "older", null));

    assertThat(report.hasErrors()).isFalse();
  }
}
