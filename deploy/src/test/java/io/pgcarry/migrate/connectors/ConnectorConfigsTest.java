package io.pgcarry.migrate.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.TableId;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.schema.catalog.SourceTable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConnectorConfigsTest {

  private final MigrationSpec spec =
      new MigrationSpec(
          "shop",
          PgUri.parse("postgresql://repl:pw@src:5433/shop?sslmode=require"),
          PgUri.parse("postgresql://admin:pw@dst/shop"),
          List.of(),
          List.of(),
          NameMapping.IDENTITY);

  @Test
  void sourceConfigCarriesConnectionSlotAndEscapedTableList() {
    Map<String, String> config =
        ConnectorConfigs.source(
            spec,
            List.of(
                new SourceTable(new TableId("sales", "order"), false, 'd', true, false),
                new SourceTable(new TableId("odd.schema", "a+b"), false, 'f', false, false)));

    assertThat(config)
        .containsEntry("database.hostname", "src")
        .containsEntry("database.port", "5433")
        .containsEntry("database.sslmode", "require")
        .containsEntry("slot.name", "pgcarry_shop")
        .containsEntry("topic.prefix", "shop");
    String[] patterns = config.get("table.include.list").split(",");
    assertThat(Pattern.compile(patterns[1]).matcher("odd.schema.a+b").matches()).isTrue();
    assertThat(Pattern.compile(patterns[1]).matcher("oddXschema.aab").matches()).isFalse();
  }

  @Test
  void connectCreatesOnePartitionPerTableThatTakesFullLoadRecords() {
    Map<String, String> config =
        ConnectorConfigs.source(
            spec,
            List.of(new SourceTable(new TableId("public", "payment"), false, 'd', true, true)));

    // Connect reads topic creation from the configuration as submitted, not the connector's own
    // defaults, so the settings must be in it.
    assertThat(config)
        .containsEntry("topic.creation.default.partitions", "1")
        .containsEntry("topic.creation.default.replication.factor", "-1");
    assertThat(Integer.parseInt(config.get("producer.override.max.request.size")))
        .isGreaterThan(4 * 512 * 1024 / 3);
  }

  @Test
  void sourceConfigCarriesEveryTlsParameterOfTheUri() {
    MigrationSpec tls =
        new MigrationSpec(
            "shop",
            PgUri.parse(
                "postgresql://repl@db:5432/shop?sslmode=verify-full&sslrootcert=/c/ca.crt"
                    + "&sslcert=/c/client.crt&sslkey=/c/client.pk8&sslpassword=secret"),
            PgUri.parse("postgresql://admin@dst/shop"),
            List.of(),
            List.of(),
            NameMapping.IDENTITY);

    Map<String, String> config =
        ConnectorConfigs.source(
            tls, List.of(new SourceTable(new TableId("public", "t"), false, 'd', true, true)));

    assertThat(config)
        .containsEntry("database.sslmode", "verify-full")
        .containsEntry("database.sslrootcert", "/c/ca.crt")
        .containsEntry("database.sslcert", "/c/client.crt")
        .containsEntry("database.sslkey", "/c/client.pk8")
        .containsEntry("database.sslpassword", "secret");
  }

  @Test
  void refusesAnEmptySelection() {
    assertThatThrownBy(() -> ConnectorConfigs.source(spec, List.of()))
        .hasMessageContaining("no table");
  }

  @Test
  void sinkReadsOnlyThisMigrationsTopics() {
    Pattern topics = Pattern.compile(ConnectorConfigs.sink(spec).get("topics.regex"));

    assertThat(topics.matcher("shop.sales.order").matches()).isTrue();
    assertThat(topics.matcher("shopx.sales.order").matches()).isFalse();
    assertThat(topics.matcher("__debezium-heartbeat.shop").matches()).isFalse();
  }

  @Test
  void sinkKeepsItsPositionsWhereLagAndCleanupLookForThem() {
    assertThat(ConnectorConfigs.sink(spec))
        .containsEntry("position.table", "pgcarry.applied_position")
        .containsEntry("position.table", spec.positionTable().toString());
  }

  @Test
  void sourceLeavesOutTheColumnsTheMappingDropsAndTheSinkGetsTheMappingInline() {
    NameMapping mapping =
        NameMapping.parseJson(
            "{\"schemas\": {\"sales\": \"shop\"}, \"tables\": {"
                + "\"sales.order\": {\"exclude_columns\": [\"note.x\"]},"
                + " \"sales.item\": {\"include_columns\": [\"id\", \"sku\"]}}}");
    MigrationSpec mapped =
        new MigrationSpec(spec.name(), spec.source(), spec.target(), List.of(), List.of(), mapping);

    Map<String, String> source =
        ConnectorConfigs.source(
            mapped,
            List.of(
                new SourceTable(
                    new TableId("sales", "order"),
                    false,
                    'd',
                    true,
                    false,
                    List.of("id", "note.x")),
                new SourceTable(
                    new TableId("sales", "item"),
                    false,
                    'd',
                    true,
                    false,
                    List.of("id", "sku", "price", "cost"))));

    List<Pattern> leftOut =
        java.util.Arrays.stream(source.get("column.exclude.list").split(","))
            .map(Pattern::compile)
            .toList();
    assertThat(leftOut).hasSize(3);
    assertThat(leftOut).anyMatch(p -> p.matcher("sales.order.note.x").matches());
    assertThat(leftOut).noneMatch(p -> p.matcher("sales.order.noteXx").matches());
    assertThat(leftOut).anyMatch(p -> p.matcher("sales.item.cost").matches());
    assertThat(leftOut).noneMatch(p -> p.matcher("sales.item.sku").matches());
    assertThat(NameMapping.parseJson(ConnectorConfigs.sink(mapped).get("name.mapping")))
        .isEqualTo(mapping);
    assertThat(ConnectorConfigs.sink(spec)).doesNotContainKey("name.mapping");
    assertThat(ConnectorConfigs.source(spec, List.of(table())))
        .doesNotContainKey("column.exclude.list");
  }

  private static SourceTable table() {
    return new SourceTable(new TableId("public", "t"), false, 'd', true, false, List.of("a"));
  }

  @Test
  void theSourceWritesWithTheChangeTopicConverterAndTheSinkReadsTheBytes() throws Exception {
    Map<String, String> source =
        ConnectorConfigs.source(
            spec,
            List.of(new SourceTable(new TableId("public", "payment"), false, 'd', true, true)));
    Map<String, String> sink = ConnectorConfigs.sink(spec);

    for (String converter : List.of("key.converter", "value.converter")) {
      assertThat(source)
          .containsEntry(converter, "io.pgcarry.topics.ChangeTopicConverter")
          .containsEntry(converter + ".schemas.enable", "true")
          .containsEntry(converter + ".replace.null.with.default", "false");
      assertThat(sink)
          .containsEntry(converter, "org.apache.kafka.connect.converters.ByteArrayConverter");
      // The classes are on the worker's class path at run time.
      assertThat(Class.forName(source.get(converter)).getInterfaces())
          .extracting(Class::getSimpleName)
          .contains("Converter");
      assertThat(Class.forName(sink.get(converter)).getInterfaces())
          .extracting(Class::getSimpleName)
          .contains("Converter");
    }
    assertThat(source.get("header.converter")).isEqualTo(sink.get("header.converter"));
  }
}
