package io.pgcarry.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The version rules need only the servers' version numbers, so they run without servers. */
class PrecheckVersionRulesTest {

  private static List<Finding> check(int sourceVersion, Integer targetVersion) {
    PgUri uri = PgUri.parse("postgresql://u@h/db");
    CheckContext context =
        new CheckContext(
            uri,
            uri,
            null,
            new ServerInfo(sourceVersion, "v" + sourceVersion, "u", "db", false),
            null,
            targetVersion == null
                ? null
                : new ServerInfo(targetVersion, "v" + targetVersion, "u", "db", false),
            true,
            new TreeSet<>(),
            PrecheckSettings.defaults());
    return new VersionCheck().run(context);
  }

  @Test
  void refusesSourceOlderThanTenBecauseItHasNoPgoutput() {
    assertThat(check(90624, 150004))
        .anySatisfy(
            f -> {
              assertThat(f.level()).isEqualTo(Level.ERROR);
              assertThat(f.object()).isEqualTo("source");
              assertThat(f.message()).contains("needs PostgreSQL 10 or later");
            });
  }

  @Test
  void refusesTargetOfOlderMajorButNotOfOlderMinor() {
    assertThat(check(150004, 140010))
        .anySatisfy(f -> assertThat(f.message()).contains("older than the source's 15"));
    assertThat(check(150008, 150001)).noneMatch(f -> f.level() == Level.ERROR);
  }

  @Test
  void namesPreTenVersionsWithTheirTwoPartMajor() {
    assertThat(new ServerInfo(90624, "9.6.24", "u", "db", false).majorText()).isEqualTo("9.6");
    assertThat(new ServerInfo(100023, "10.23", "u", "db", false).majorText()).isEqualTo("10");
  }

  @Test
  void checksSourceAloneWhenTargetIsUnreachable() {
    assertThat(check(150004, null))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("source PostgreSQL v150004"));
  }
}
