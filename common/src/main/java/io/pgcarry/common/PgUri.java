package io.pgcarry.common;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGProperty;

/**
 * A libpq-style connection URI, {@code postgresql://user:password@host:port/dbname?param=value}.
 *
 * <p>Immutable. {@link #toString()} masks the password, so a URI can be logged.
 *
 * @param user role name, never null
 * @param password password, or null when none is given (pgpass or trust)
 * @param host host name or address
 * @param port TCP port
 * @param database database name
 * @param parameters query parameters such as {@code sslmode}, in the order given
 * @see <a href="https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING">libpq
 *     connection URIs</a>
 */
public record PgUri(
    String user,
    String password,
    String host,
    int port,
    String database,
    Map<String, String> parameters) {

  private static final Pattern URI =
      Pattern.compile(
          "^postgres(?:ql)?://(?:(?<user>[^:@/]*)(?::(?<password>[^@/]*))?@)?"
              + "(?<host>\\[[^]]+]|[^:/?]*)(?::(?<port>[^/?]*))?"
              + "(?:/(?<database>[^?]*))?(?:\\?(?<query>.*))?$");

  /** libpq's names of parameters that pgJDBC names otherwise. */
  private static final Map<String, String> LIBPQ_NAMES =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");

  private static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public PgUri {
    parameters = Map.copyOf(parameters);
  }

  /**
   * Parses a URI.
   *
   * @throws IllegalArgumentException naming what is wrong and showing the expected form
   */
  public static PgUri parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "missing connection URI; expected postgresql://user:password@host:port/dbname");
    }
    Matcher m = URI.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + mask(text)
              + "' is not a PostgreSQL URI; expected postgresql://user:password@host:port/dbname");
    }
    if (text.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "'" + mask(text) + "' holds a control character; a PostgreSQL URI cannot");
    }
    String user = decode(m.group("user"), text);
    if (user == null || user.isEmpty()) {
      user = System.getProperty("user.name");
    }
    String host = m.group("host");
    if (host == null || host.isEmpty()) {
      host = "localhost";
    }
    int port = 5432;
    if (m.group("port") != null && !m.group("port").isEmpty()) {
      try {
        port = Integer.parseInt(m.group("port"));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "port '"
                + m.group("port")
                + "' in '"
                + mask(text)
                + "' is not a number from 1 to 65535");
      }
    }
    String database = decode(m.group("database"), text);
    if (database == null || database.isEmpty()) {
      database = user;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = m.group("query");
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "parameter '" + pair + "' in '" + mask(text) + "' is not of the form name=value");
        }
        String name = decode(pair.substring(0, eq), text);
        parameters.put(
            LIBPQ_NAMES.getOrDefault(name, name),
            checked(name, decode(pair.substring(eq + 1), text), text));
      }
    }
    return new PgUri(user, decode(m.group("password"), text), host, port, database, parameters);
  }

  /**
   * A parameter's value, when pgJDBC knows the parameter and, for {@code sslmode}, the value: a
   * misspelt parameter would otherwise be ignored, and {@code sslmod=verify-full} connect without
   * checking the server.
   */
  private static String checked(String name, String value, String text) {
    if (!LIBPQ_NAMES.containsKey(name) && PGProperty.forName(name) == null) {
      throw new IllegalArgumentException(
          "unknown parameter '"
              + name
              + "' in '"
              + mask(text)
              + "'; pgcarry takes libpq's sslmode, sslrootcert, sslcert, sslkey, sslpassword,"
              + " connect_timeout and application_name, and pgJDBC's connection properties");
    }
    if (name.equals("sslmode") && !SSL_MODES.contains(value)) {
      throw new IllegalArgumentException(
          "sslmode '"
              + value
              + "' in '"
              + mask(text)
              + "' is not one of "
              + String.join(", ", SSL_MODES));
    }
    return value;
  }

  /** The same server and credentials, another database. */
  public PgUri withDatabase(String other) {
    return new PgUri(user, password, host, port, other, parameters);
  }

  /** JDBC URL for pgJDBC; credentials go in {@link #jdbcProperties()}, not in the URL. */
  public String jdbcUrl() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + encode(database);
  }

  /** Connection properties for pgJDBC: user, password and every query parameter. */
  public Properties jdbcProperties() {
    Properties properties = new Properties();
    properties.putAll(parameters);
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.putIfAbsent("ApplicationName", "pgcarry");
    return properties;
  }

  /**
   * The URI as given, with the password (and a key's, {@code sslpassword}) shown as {@code ****}.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("postgresql://").append(encode(user));
    if (password != null) {
      out.append(":****");
    }
    out.append('@').append(host).append(':').append(port).append('/').append(encode(database));
    if (!parameters.isEmpty()) {
      out.append('?');
      parameters.forEach(
          (k, v) ->
              out.append(encode(k))
                  .append('=')
                  .append(
                      k.toLowerCase(java.util.Locale.ROOT).contains("password")
                          ? "****"
                          : encode(v))
                  .append('&'));
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  /** The URI in full, password included, for handing to another process. */
  public String toUriString() {
    StringBuilder out = new StringBuilder("postgresql://").append(encode(user));
    if (password != null) {
      out.append(':').append(encode(password));
    }
    out.append('@').append(host).append(':').append(port).append('/').append(encode(database));
    if (!parameters.isEmpty()) {
      out.append('?');
      parameters.forEach((k, v) -> out.append(encode(k)).append('=').append(encode(v)).append('&'));
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  /** The URI as given, for a message: passwords masked, control characters shown as '?'. */
  private static String mask(String text) {
    return text.replaceAll("(://[^:@/]*:)[^@/]*@", "$1****@")
        .replaceAll("(?i)((?:ssl)?password=)[^&]*", "$1****")
        .replaceAll("\\p{Cntrl}", "?");
  }

  private static String decode(String part, String text) {
    try {
      return part == null
          ? null
          : URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + mask(text)
              + "' has a '%' that does not start a %XX escape: write a literal % as %25",
          e);
    }
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
