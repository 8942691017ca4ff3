package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every extension created in the source database must be available on the target server ({@code
 * pg_available_extensions}), or the schema cannot be recreated there.
 */
final class ExtensionCheck implements Check {

  static final String ID = "extensions";
  private static final CatalogQuery INSTALLED = CatalogQuery.load("extensions.sql");
  private static final CatalogQuery AVAILABLE = CatalogQuery.load("available-extensions.sql");

  private record Extension(String name, String version) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.BOTH;
  }

  @Override
  public List<Finding> run(CheckContext context) throws SQLException {
    Map<String, String> available = new TreeMap<>();
    for (Extension e :
        AVAILABLE.list(
            context.target(),
            row -> new Extension(row.getString("name"), row.getString("default_version")))) {
      available.put(e.name(), e.version());
    }
    List<Finding> findings = new ArrayList<>();
    for (Extension e :
        INSTALLED.list(
            context.source(),
            row -> new Extension(row.getString("name"), row.getString("version")))) {
      String object = "extension " + e.name();
      if (!available.containsKey(e.name())) {
        findings.add(
            Finding.error(
                ID,
                object,
                "the source uses extension "
                    + e.name()
                    + " "
                    + e.version()
                    + ", which is not installed on the target server; install its package there"
                    + " (for example postgresql-"
                    + context.targetInfo().majorText()
                    + "-"
                    + e.name()
                    + " or the contrib package)",
                null));
      } else if (!available.get(e.name()).equals(e.version())) {
        findings.add(
            Finding.info(
                ID,
                object,
                "the source has version "
                    + e.version()
                    + ", the target server's default is "
                    + available.get(e.name())
                    + "; after migrating, consider ALTER EXTENSION "
                    + Identifier.quote(e.name())
                    + " UPDATE"));
      }
    }
    return findings;
  }
}
