package io.pgcarry.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void writesEachFamilyOnceWithEscapedLabelsAndPrometheusNumbers() {
    String text =
        PrometheusText.render(
            List.of(
                new Sample("b_total", "counter", "b", Map.of("t", "a\"b\\c\nd"), 3),
                new Sample("a_seconds_bucket", "histogram", "lat", Map.of("le", "0.5"), 1),
                new Sample("a_seconds_bucket", "histogram", "lat", Map.of("le", "+Inf"), 2),
                new Sample("a_seconds_sum", "histogram", "lat", Map.of(), 0.75),
                new Sample("a_seconds_count", "histogram", "lat", Map.of(), 2),
                new Sample("c", "gauge", "c", Map.of(), Double.NaN),
                new Sample("d", "gauge", "d", Map.of(), Double.NEGATIVE_INFINITY)));

    assertThat(text)
        .isEqualTo(
            String.join(
                "\n",
                "# HELP a_seconds lat",
                "# TYPE a_seconds histogram",
                "a_seconds_bucket{le=\"0.5\"} 1",
                "a_seconds_bucket{le=\"+Inf\"} 2",
                "a_seconds_sum 0.75",
                "a_seconds_count 2",
                "# HELP b_total b",
                "# TYPE b_total counter",
                "b_total{t=\"a\\\"b\\\\c\\nd\"} 3",
                "# HELP c c",
                "# TYPE c gauge",
                "c NaN",
                "# HELP d d",
                "# TYPE d gauge",
                "d -Inf",
                ""));
  }

  @Test
  void sanitizesJmxNamesAsTheExporterRulesDo() {
    assertThat(Sample.sanitize("source-record-poll-total")).isEqualTo("source_record_poll_total");
    assertThat(Sample.sanitize("MilliSecondsBehindSource")).isEqualTo("millisecondsbehindsource");
    assertThat(Sample.sanitize("kafka.connect")).isEqualTo("kafka_connect");
  }
}
