package io.pgcarry.sink.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgcarry.common.Lsn;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.common.stream.ChangePosition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaChangeTest {

  private static SchemaChange command(String tag, String query, int ordinal) {
    return new SchemaChange(
        new ChangePosition(Lsn.parse("0/10"), Lsn.parse("0/20"), 0x30),
        tag,
        query,
        ordinal,
        Optional.empty(),
        "public",
        List.of(new SchemaChange.ObjectRef("table", "public", "film", "public.film")),
        List.of("m.public.film"),
        new RecordPosition("m.public.film", 0, 7));
  }

  @Test
  void findsItsStatementAmongTheQueryStringsStatementsByTagAndOrdinal() {
    String query =
        "ALTER TABLE film ADD a int; UPDATE film SET a = 1; CREATE INDEX i ON film (a);"
            + " alter table film add b int";
    assertThat(command("ALTER TABLE", query, 1).statementToRun())
        .isEqualTo("ALTER TABLE film ADD a int");
    assertThat(command("ALTER TABLE", query, 2).statementToRun())
        .isEqualTo("alter table film add b int");
    assertThat(command("CREATE INDEX", query, 1).statementToRun())
        .isEqualTo("CREATE INDEX i ON film (a)");
  }

  @Test
  void tagsFitStatementsWithMoreKeywords() {
    assertThat(
            SchemaChange.fits(
                List.of("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"), List.of("CREATE", "INDEX")))
        .isTrue();
    assertThat(
            SchemaChange.fits(
                List.of("CREATE", "OR", "REPLACE", "VIEW"), List.of("CREATE", "VIEW")))
        .isTrue();
    assertThat(SchemaChange.fits(List.of("DROP", "VIEW"), List.of("CREATE", "VIEW"))).isFalse();
  }

  @Test
  void aCommandRunInsideAFunctionCannotBeReplayedAlone() {
    assertThatThrownBy(() -> command("ALTER TABLE", "SELECT migrate_things()", 1).statementToRun())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ALTER TABLE on public.film ran inside a function or a DO block")
        .hasMessageContaining("SELECT migrate_things()");
  }

  @Test
  void namesTheObjectsTheMappingRenames() {
    NameMapping mapping =
        NameMapping.parseJson("{\"tables\": {\"public.film\": {\"name\": \"movie\"}}}");
    assertThat(command("ALTER TABLE", "ALTER TABLE film ADD a int", 1).renamedObjects(mapping))
        .contains("public.film (table film is renamed)");
    assertThat(
            command("ALTER TABLE", "ALTER TABLE film ADD a int", 1)
                .renamedObjects(NameMapping.parseJson("{\"schemas\": {\"public\": \"app\"}}")))
        .contains("public.film (schema public is renamed)");
    assertThat(
            command("ALTER TABLE", "x", 1)
                .renamedObjects(
                    NameMapping.parseJson("{\"tables\": {\"public.actor\": {\"name\": \"a\"}}}")))
        .isEmpty();
  }
}
