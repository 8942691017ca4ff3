package io.pgcarry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The demo's servers on a machine without PostgreSQL installed: with Debian's packages out of reach
 * and no directory of binaries named, they start from the binaries jar that {@code ./pgcarry} has
 * on its class path ({@code deploy/target/lib}).
 */
class DemoServersIT {

  @Test
  void startsBothServersFromTheShippedBinariesWithoutDebiansPackages() throws Exception {
    Path noPostgresInstalled = Files.createTempDirectory("no-postgresql");
    PostgresInstallation.Lookup lookup =
        PostgresInstallation.Lookup.fromSystemProperties()
            .withDebian(noPostgresInstalled)
            .withoutJarDirectory();

    try (DemoServers servers =
        DemoServers.start(lookup, Files.createTempDirectory("demo-servers"))) {
      assertThat(servers.source().installation().bin().startsWith(noPostgresInstalled)).isFalse();
      for (LocalPostgres server : new LocalPostgres[] {servers.source(), servers.target()}) {
        try (Connection connection = server.connect("postgres");
            Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("SHOW wal_level")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("logical");
        }
      }
      assertThat(servers.source().major()).isEqualTo(15);
      assertThat(servers.target().port()).isNotEqualTo(servers.source().port());
    }
  }
}
