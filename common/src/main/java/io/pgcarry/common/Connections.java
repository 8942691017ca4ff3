package io.pgcarry.common;

import io.pgcarry.common.sql.SqlStates;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.net.ssl.SSLException;

/** Opens JDBC connections from {@link PgUri}s and explains failures to the operator. */
public final class Connections {

  private Connections() {}

  /**
   * Opens a connection.
   *
   * @param uri where to connect
   * @param role what the server is to this run ("source" or "target"), used in messages
   * @throws ConnectionFailure with a one-line diagnosis and the fix
   */
  public static Connection open(PgUri uri, String role) {
    Properties properties = uri.jdbcProperties();
    properties.putIfAbsent("connectTimeout", "10");
    try {
      return DriverManager.getConnection(uri.jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new ConnectionFailure(diagnose(uri, role, e), e);
    }
  }

  /** A one-line explanation of why a connection to {@code uri} failed, with the fix. */
  public static String diagnose(PgUri uri, String role, SQLException e) {
    String where = role + " " + uri.host() + ":" + uri.port();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof UnknownHostException) {
      return "cannot resolve the "
          + role
          + " host '"
          + uri.host()
          + "': check the host name in the URI";
    }
    if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
      return "cannot connect to the "
          + where
          + ": connection refused; check that PostgreSQL runs there, listens on that address"
          + " (listen_addresses) and port, and that no firewall blocks it";
    }
    if (root instanceof SocketTimeoutException) {
      return "timed out connecting to the " + where + ": check the host, port and firewall";
    }
    String tls = tlsDiagnosis(uri, where, e);
    if (tls != null) {
      return tls;
    }
    if (SqlStates.CONNECTION_REJECTED.equals(state)
        && String.valueOf(e.getMessage()).contains("does not support SSL")) {
      return "the "
          + where
          + " does not accept TLS connections but the URI asks for sslmode="
          + uri.parameters().getOrDefault("sslmode", "require")
          + ": enable ssl on the server (ssl = on, with a certificate) or lower sslmode";
    }
    if (SqlStates.INVALID_AUTHORIZATION.equals(state)
        && String.valueOf(e.getMessage()).contains("not permitted to log in")) {
      return "the "
          + where
          + " does not let role '"
          + uri.user()
          + "' log in: it lacks the LOGIN attribute (ALTER ROLE ... LOGIN)";
    }
    return switch (state) {
      case SqlStates.INVALID_PASSWORD ->
          "password authentication failed for user '"
              + uri.user()
              + "' on the "
              + where
              + ": check the user and password in the URI";
      case SqlStates.INVALID_AUTHORIZATION ->
          "the "
              + where
              + " rejected user '"
              + uri.user()
              + "': "
              + firstLine(e)
              + "; add a matching line to pg_hba.conf (host "
              + uri.database()
              + " "
              + uri.user()
              + " <client-address>/32 scram-sha-256) and reload";
      case SqlStates.INSUFFICIENT_PRIVILEGE ->
          "user '"
              + uri.user()
              + "' may not connect to database '"
              + uri.database()
              + "' on the "
              + where
              + ": grant it the CONNECT privilege (GRANT CONNECT ON DATABASE ...)";
      case SqlStates.UNDEFINED_DATABASE ->
          "database '"
              + uri.database()
              + "' does not exist on the "
              + where
              + ": check the database name in the URI";
      case SqlStates.CONNECTION_REJECTED ->
          "the " + where + " refused the connection: " + firstLine(e);
      case SqlStates.TOO_MANY_CONNECTIONS ->
          "the "
              + where
              + " has no free connection slots: raise max_connections"
              + " or close idle sessions";
      case SqlStates.CANNOT_CONNECT_NOW ->
          "the " + where + " is starting up or shutting down: retry in a moment";
      default -> "cannot connect to the " + where + " as '" + uri.user() + "': " + firstLine(e);
    };
  }

  /** Why a TLS connection failed, with the fix; null when it is not about TLS. */
  private static String tlsDiagnosis(PgUri uri, String where, SQLException e) {
    String hostCheck = messageContaining(e, "could not be verified");
    if (hostCheck != null) {
      return "the "
          + where
          + " presented a certificate that does not name host '"
          + uri.host()
          + "' (sslmode=verify-full): connect with a host name the certificate names, or use"
          + " sslmode=verify-ca to check the CA only";
    }
    if (messageContaining(e, "SSL key file") != null) {
      return "cannot read the client key sslkey="
          + uri.parameters().getOrDefault("sslkey", "(default)")
          + " for the "
          + where
          + ": pgJDBC reads a key in PKCS-8 form (PEM '-----BEGIN PRIVATE KEY-----', as libpq"
          + " also reads it, or DER) or PKCS-12 (.p12), not the traditional 'BEGIN RSA PRIVATE"
          + " KEY' form; convert it with openssl pkcs8 -topk8 -nocrypt -in client.key -out"
          + " client-pkcs8.key";
    }
    if (messageContaining(e, "SSL root certificate file") != null
        || messageContaining(e, "SSL certificate file") != null) {
      return "cannot read a certificate file given for the "
          + where
          + " ("
          + firstLine(e)
          + "): check the sslrootcert and sslcert paths in the URI";
    }
    SSLException tls = tlsFailure(e);
    if (tls != null && String.valueOf(tls.getMessage()).contains("PKIX path")) {
      return "the TLS handshake with the "
          + where
          + " failed: its certificate is not signed by a CA in sslrootcert="
          + uri.parameters().getOrDefault("sslrootcert", "(default: ~/.postgresql/root.crt)")
          + "; give the CA that signed the server's certificate";
    }
    if (tls != null) {
      return "the TLS handshake with the "
          + where
          + " failed ("
          + String.valueOf(tls.getMessage()).replaceAll("[\\w.$]+(Exception|Error): ", "")
          + "): check sslmode, and sslrootcert when it is verify-ca or verify-full";
    }
    return null;
  }

  /** The first message in the cause chain that contains {@code text}, or null. */
  private static String messageContaining(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return t.getMessage();
      }
    }
    return null;
  }

  /** The TLS failure anywhere in the cause chain (a handshake cut short has an EOF below it). */
  private static SSLException tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
