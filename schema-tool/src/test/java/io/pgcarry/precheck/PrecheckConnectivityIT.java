package io.pgcarry.precheck;

import static io.pgcarry.precheck.TestDatabases.as;
import static io.pgcarry.precheck.TestDatabases.database;
import static io.pgcarry.precheck.TestDatabases.execute;
import static io.pgcarry.precheck.TestDatabases.precheck;
import static io.pgcarry.precheck.TestDatabases.reloadConfiguration;
import static io.pgcarry.precheck.TestDatabases.source;
import static io.pgcarry.precheck.TestDatabases.target;
import static io.pgcarry.precheck.TestDatabases.the;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.PgUri;
import io.pgcarry.local.LocalPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrecheckConnectivityIT {

  @AfterAll
  static void dropDatabases() throws Exception {
    TestDatabases.dropCreated();
  }

  private static PgUri target;

  @BeforeAll
  static void targetDatabase() throws Exception {
    target = database(target(), "conn_target");
  }

  @Test
  void explainsWrongPasswordAsAuthenticationFailure() throws Exception {
    PgUri source = database(source(), "conn_password");
    PrecheckReport report = precheck(as(source, "postgres", "wrong"), target);

    Finding finding = the(report, Level.ERROR, "connectivity", "source");
    assertThat(finding.message()).contains("password authentication failed for user 'postgres'");
    assertThat(finding.message()).doesNotContain("wrong");
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void explainsUnknownHostAsNameResolutionFailure() throws Exception {
    PgUri source = PgUri.parse("postgresql://postgres:postgres@no-such-host.invalid:5432/x");
    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "connectivity", "source").message())
        .contains("cannot resolve the source host 'no-such-host.invalid'");
  }

  @Test
  void explainsRefusedPortAsNothingListening() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    PgUri source = PgUri.parse("postgresql://postgres:postgres@127.0.0.1:" + closed + "/x");
    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "connectivity", "source").message())
        .contains("connection refused")
        .contains("listen_addresses");
  }

  @Test
  void explainsMissingSourceDatabase() {
    PgUri source = PgUri.parse(source().uri("conn_no_such_database"));
    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "connectivity", "source").message())
        .contains("database 'conn_no_such_database' does not exist");
  }

  @Test
  void explainsTlsRequiredByUriButNotOfferedByServer() throws Exception {
    PgUri plain = database(source(), "conn_tls");
    PgUri source =
        new PgUri(
            plain.user(),
            plain.password(),
            plain.host(),
            plain.port(),
            plain.database(),
            Map.of("sslmode", "require"));
    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "connectivity", "source").message())
        .contains("does not accept TLS connections")
        .contains("sslmode=require");
  }

  @Test
  void explainsFailedTlsHandshake() throws Exception {
    try (ServerSocket endpoint = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread impostor = new Thread(() -> agreeToTlsThenSpeakPlainText(endpoint));
      impostor.setDaemon(true);
      impostor.start();
      PgUri source =
          new PgUri(
              "postgres",
              "postgres",
              "127.0.0.1",
              endpoint.getLocalPort(),
              "x",
              Map.of("sslmode", "require"));

      PrecheckReport report = precheck(source, target);

      assertThat(the(report, Level.ERROR, "connectivity", "source").message())
          .contains("the TLS handshake with the source 127.0.0.1:" + endpoint.getLocalPort())
          .contains("check sslmode");
    }
  }

  /** Answers PostgreSQL's SSLRequest with 'S', as a TLS server would, then sends no TLS at all. */
  private static void agreeToTlsThenSpeakPlainText(ServerSocket endpoint) {
    try (Socket client = endpoint.accept()) {
      client.getInputStream().readNBytes(8);
      OutputStream out = client.getOutputStream();
      out.write('S');
      out.write("this is not TLS\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      client.getInputStream().read(new byte[4096]);
    } catch (IOException e) {
      // The client hangs up once it sees the handshake fail; nothing to do.
    }
  }

  @Test
  void pointsAtPgHbaConfWhenItRejectsTheConnection() throws Exception {
    LocalPostgres server = source();
    PgUri source = database(server, "conn_hba_rejected");
    // Put a reject rule for this database alone at the top of the shared server's pg_hba.conf,
    // written by the server itself so the file keeps its owner.
    execute(
        server,
        "postgres",
        "DO $$ DECLARE lo oid; BEGIN"
            + " lo := lo_from_bytea(0, convert_to('host conn_hba_rejected all 127.0.0.1/32 reject'"
            + " || chr(10) || pg_read_file(current_setting('hba_file')), 'UTF8'));"
            + " PERFORM lo_export(lo, current_setting('hba_file'));"
            + " PERFORM lo_unlink(lo);"
            + " END $$");
    reloadConfiguration(server);
    PrecheckReport report = precheck(source, target);

    assertThat(the(report, Level.ERROR, "connectivity", "source").message())
        .contains("pg_hba.conf");
  }

  @Test
  void grantsConnectWhenTheRoleMayNotConnect() throws Exception {
    LocalPostgres server = source();
    PgUri source =
        database(
            server,
            "conn_no_connect",
            "REVOKE CONNECT ON DATABASE conn_no_connect FROM PUBLIC",
            "DROP ROLE IF EXISTS conn_outsider",
            "CREATE ROLE conn_outsider LOGIN PASSWORD 'secret'");
    PrecheckReport report = precheck(as(source, "conn_outsider", "secret"), target);

    Finding finding = the(report, Level.ERROR, "connectivity", "source");
    assertThat(finding.message()).contains("CONNECT privilege");
    assertThat(finding.fixSql())
        .contains("GRANT CONNECT ON DATABASE conn_no_connect TO conn_outsider;");
  }

  @Test
  void grantsLoginWhenTheRoleCannotLogIn() throws Exception {
    PgUri source =
        database(
            source(),
            "conn_nologin",
            "DROP ROLE IF EXISTS conn_nologin",
            "CREATE ROLE conn_nologin NOLOGIN PASSWORD 'secret'");
    PrecheckReport report = precheck(as(source, "conn_nologin", "secret"), target);

    Finding finding = the(report, Level.ERROR, "connectivity", "source");
    assertThat(finding.message()).contains("LOGIN attribute");
    assertThat(finding.fixSql()).contains("ALTER ROLE conn_nologin LOGIN;");
  }

  @Test
  void skipsServerChecksButStillReportsTargetWhenSourceIsUnreachable() {
    PgUri source = PgUri.parse(source().uri("conn_missing_for_skip"));
    PrecheckReport report = precheck(source, target);

    assertThat(report.findings())
        .allSatisfy(f -> assertThat(f.check()).isIn("connectivity", "target-privileges"));
  }
}
