package io.pgcarry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.deploy.testing.PgcarryCli;
import io.pgcarry.deploy.testing.TableComparison;
import io.pgcarry.local.LocalPostgres;
import io.pgcarry.local.PostgresInstallation;
import io.pgcarry.migrate.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A migration over TLS with {@code sslmode=verify-full} to both ends, through the connectors, on a
 * server whose certificate this test's own CA signed. The migration role authenticates by its
 * client certificate alone (no password, and no plain TCP for it in {@code pg_hba.conf}), so every
 * connection that works proves that {@code sslrootcert}, {@code sslcert} and {@code sslkey} in the
 * URI were honoured: the precheck's, the schema tool's, the full load's, Debezium's and the sink's.
 * A host name the certificate does not name and a CA that did not sign it are refused with one line
 * that says so, and no stack trace.
 */
class TlsIT {

  private static LocalPostgres server;
  private static Path certs;
  private static Certificates ca;
  private static Certificates otherCa;
  private static Path[] client;

  @BeforeAll
  static void startServerWithTls() throws Exception {
    certs = Files.createTempDirectory("pgcarry-tls");
    ca = Certificates.authority(certs, "test-ca");
    otherCa = Certificates.authority(certs, "other-ca");
    Path[] serverCert = ca.server("server", "localhost");
    client = ca.client("client", "carry");
    server =
        LocalPostgres.start(
            PostgresInstallation.find(15),
            Path.of(System.getProperty("java.io.tmpdir"), "pgcarry-test-servers"),
            Map.of("log_min_messages", "warning"));
    String crt = server.installFile(serverCert[0]);
    String key = server.installFile(serverCert[1]);
    String root = server.installFile(ca.certificate());
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM SET ssl = on");
      s.execute("ALTER SYSTEM SET ssl_cert_file = '" + crt + "'");
      s.execute("ALTER SYSTEM SET ssl_key_file = '" + key + "'");
      s.execute("ALTER SYSTEM SET ssl_ca_file = '" + root + "'");
      s.execute("CREATE ROLE carry LOGIN SUPERUSER");
    }
    server.hba(
        List.of(
            "hostssl all carry 127.0.0.1/32 cert",
            "host    all carry 127.0.0.1/32 reject",
            "host    all postgres 127.0.0.1/32 scram-sha-256"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void migratesWithVerifyFullToBothEndsAuthenticatedByClientCertificate() throws Exception {
    MigrationUnderLoad.initialize(server, server, "tls_it", 1);
    try (MigrationUnderLoad migration =
        MigrationUnderLoad.migrating(
            server,
            server,
            "tls_it",
            uri("localhost", "tls_it"),
            uri("localhost", "tls_it_copy"))) {
      migration.load.start();
      migration.startMigrate().awaitStep(Step.STREAMING, MigrationUnderLoad.STEP_TIMEOUT);
      migration.markerApplied(MigrationUnderLoad.STEP_TIMEOUT);
      assertEveryConnectionOfTheRoleUsesItsCertificate();

      migration.cutover();
      TableComparison comparison = migration.finalComparison();
      assertThat(comparison.equal()).as(comparison::toString).isTrue();
    }
  }

  @Test
  void refusesAHostNameTheCertificateDoesNotName() {
    assertRefused(uri("127.0.0.1", "postgres"), "does not name host '127.0.0.1'");
  }

  @Test
  void refusesAServerCertificateAnotherCaSigned() {
    assertRefused(
        uri("localhost", "postgres")
            .replace(ca.certificate().toString(), otherCa.certificate().toString()),
        "not signed by a CA in sslrootcert=" + otherCa.certificate());
  }

  @Test
  void refusesAKeyPgJdbcCannotReadNamingTheFormItNeeds() {
    assertRefused(
        uri("localhost", "postgres").replace(client[1].toString(), client[2].toString()), "PKCS-8");
  }

  /**
   * The refusal as precheck reports it (a finding, exit 1) and as a command that connects reports
   * it (one line, exit 3): both say why, neither shows a stack trace.
   */
  private static void assertRefused(String sourceUri, String why) {
    PgcarryCli.Run precheck =
        PgcarryCli.run("precheck", "--source", sourceUri, "--target", uri("localhost", "x"));
    assertThat(precheck.code()).as(precheck::toString).isEqualTo(1);
    assertThat(precheck.out())
        .as(precheck::toString)
        .contains("[connectivity] source")
        .contains(why);
    assertThat(precheck.hasStackTrace()).as(precheck::toString).isFalse();

    PgcarryCli.Run verify =
        PgcarryCli.run("verify", "--source", sourceUri, "--target", uri("localhost", "x"));
    assertThat(verify.code()).as(verify::toString).isEqualTo(3);
    assertThat(verify.err().strip().lines()).as(verify::toString).hasSize(1);
    assertThat(verify.err()).as(verify::toString).contains(why);
    assertThat(verify.hasStackTrace()).as(verify::toString).isFalse();
  }

  private static String uri(String host, String database) {
    return "postgresql://carry@"
        + host
        + ":"
        + server.port()
        + "/"
        + database
        + "?sslmode=verify-full&sslrootcert="
        + ca.certificate()
        + "&sslcert="
        + client[0]
        + "&sslkey="
        + client[1];
  }

  private static void assertEveryConnectionOfTheRoleUsesItsCertificate() throws Exception {
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE l.ssl AND l.client_dn = '/CN=carry'),"
                    + " count(*) FILTER (WHERE a.backend_type = 'walsender')"
                    + " FROM pg_stat_activity a JOIN pg_stat_ssl l USING (pid)"
                    + " WHERE a.usename = 'carry'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("connections of the migration role").isGreaterThanOrEqualTo(2);
      assertThat(rs.getLong(2))
          .as("of them over TLS with the client certificate")
          .isEqualTo(rs.getLong(1));
      assertThat(rs.getLong(3)).as("walsenders among them").isEqualTo(1);
    }
  }
}
