package io.pgcarry.sink;

import io.pgcarry.common.ConnectionFailure;
import io.pgcarry.common.Connections;
import io.pgcarry.common.PgUri;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The live part of configuration validation: connects to the target (time-boxed) and checks that
 * the role may set {@code session_replication_role}. Problems are attached to {@code
 * connection.uri}. Runs only when the field checks passed.
 */
final class TargetCheck {

  private static final String CONNECT_TIMEOUT_SECONDS = "5";

  /** Adds error messages to the values in {@code byName}. */
  void check(Map<String, ConfigValue> byName) {
    ConfigValue uriValue = byName.get(SinkConfig.CONNECTION_URI);
    if (uriValue == null || !uriValue.errorMessages().isEmpty() || uriValue.value() == null) {
      return;
    }
    PgUri uri = PgUri.parse(((Password) uriValue.value()).value());
    Map<String, String> parameters = new HashMap<>(uri.parameters());
    parameters.putIfAbsent("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    parameters.putIfAbsent("loginTimeout", CONNECT_TIMEOUT_SECONDS);
    parameters.putIfAbsent("socketTimeout", "10");
    PgUri timed =
        new PgUri(uri.user(), uri.password(), uri.host(), uri.port(), uri.database(), parameters);
    try (Connection connection = Connections.open(timed, "target");
        Statement statement = connection.createStatement()) {
      statement.execute("SET session_replication_role = replica");
      try (ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
        rs.next();
        if (rs.getInt(1) < 100000) {
          uriValue.addErrorMessage("the target runs PostgreSQL older than 10; pgcarry needs 10+");
        }
      }
    } catch (ConnectionFailure e) {
      uriValue.addErrorMessage(e.getMessage());
    } catch (SQLException e) {
      uriValue.addErrorMessage(
          "connected to the target as '"
              + uri.user()
              + "' but cannot set session_replication_role: "
              + e.getMessage()
              + "; use a superuser or GRANT SET ON PARAMETER session_replication_role TO "
              + uri.user());
    }
  }
}
