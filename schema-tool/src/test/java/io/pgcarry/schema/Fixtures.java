package io.pgcarry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.local.LocalPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;

/** Loads the test fixtures of {@code src/test/resources/fixture} into test databases. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * Creates {@code database} afresh and loads every-object.sql, plus every-object-pg12.sql on
   * servers of 12 and later and every-object-pg15.sql on 15 and later; fails the test if any
   * statement fails.
   */
  public static void loadEveryObject(LocalPostgres server, String database) throws Exception {
    drop(server, database);
    execute(server, "postgres", "CREATE DATABASE \"" + database + "\"");
    load(server, database, "every-object.sql");
    if (server.major() >= 12) {
      load(server, database, "every-object-pg12.sql");
    }
    if (server.major() >= 15) {
      load(server, database, "every-object-pg15.sql");
    }
  }

  /** Drops a database of a server if it exists. */
  public static void drop(LocalPostgres server, String database) throws Exception {
    try (Connection connection = server.connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DROP DATABASE IF EXISTS \""
              + database
              + "\""
              + (server.major() >= 13 ? " WITH (FORCE)" : ""));
    }
  }

  /** Runs one SQL statement in a database. */
  public static void execute(LocalPostgres server, String database, String sql) throws Exception {
    try (Connection connection = server.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void load(LocalPostgres server, String database, String name) throws Exception {
    String output = server.psqlFile(database, resource(name));
    assertThat(output).as("loading " + name).doesNotContain("ERROR");
  }

  private static Path resource(String name) throws URISyntaxException, IOException {
    return resourceFile("/fixture/" + name);
  }

  /**
   * A class-path resource as a file, for psql: the resource itself when it is a file, else a copy
   * in a temporary file (when the tests run from this module's test-jar).
   */
  public static Path resourceFile(String name) throws URISyntaxException, IOException {
    URL url = Fixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is not on the class path");
    }
    if ("file".equals(url.getProtocol())) {
      return Path.of(url.toURI());
    }
    Path copy = Files.createTempFile("fixture", name.substring(name.lastIndexOf('/') + 1));
    copy.toFile().deleteOnExit();
    try (InputStream in = url.openStream()) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }
}
