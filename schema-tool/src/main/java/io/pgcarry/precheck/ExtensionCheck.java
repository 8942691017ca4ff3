package io.pgcarry.precheck;

import io.pgcarry.common.sql.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every extension created in the source database must be available on the target server ({@code
 * pg_available_extensions}), or the schema cannot be recreated there; and unless it is created in
 * the target database already, the target account must be allowed to create it: a superuser may
 * create any extension, others only trusted ones (PostgreSQL 13 and later) and only with CREATE on
 * the database.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createextension.html">CREATE
 *     EXTENSION</a>
 */
final class ExtensionCheck implements Check {

  static final String ID = "extensions";
  private static final int TRUSTED_FROM = 130000;
  private static final PrecheckQuery INSTALLED = PrecheckQuery.load("extensions.sql");
  private static final PrecheckQuery AVAILABLE = PrecheckQuery.load("available-extensions.sql");
  private static final PrecheckQuery TRUSTED = PrecheckQuery.load("trusted-extensions.sql");

  private record Extension(String name, String version) {}

  private record Available(String name, String defaultVersion, boolean installed) {}

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
    // When the target database does not exist yet, the maintenance database stands in for the
    // template the new database will be copied from.
    Map<String, Available> available = new TreeMap<>();
    for (Available a :
        AVAILABLE.list(
            context.target(),
            row ->
                new Available(
                    row.getString("name"),
                    row.getString("default_version"),
                    row.getBoolean("installed")))) {
      available.put(a.name(), a);
    }
    Creator creator = creator(context);
    List<Finding> findings = new ArrayList<>();
    for (Extension e :
        INSTALLED.list(
            context.source(),
            row -> new Extension(row.getString("name"), row.getString("version")))) {
      Available target = available.get(e.name());
      if (target == null) {
        findings.add(missing(context, e));
      } else {
        if (!target.installed()) {
          creator.refusal(e.name(), context).ifPresent(findings::add);
        }
        if (!target.defaultVersion().equals(e.version())) {
          findings.add(versionNote(e, target));
        }
      }
    }
    return findings;
  }

  /** What the target account may create. */
  private record Creator(
      String role, String database, boolean superuser, boolean canCreate, Set<String> trusted) {

    Optional<Finding> refusal(String extension, CheckContext context) {
      String create = "CREATE EXTENSION IF NOT EXISTS " + Identifier.quote(extension) + ";";
      if (superuser) {
        return Optional.empty();
      }
      if (!trusted.contains(extension)) {
        return Optional.of(
            Finding.error(
                ID,
                "extension " + extension,
                "the target account is not a superuser and extension "
                    + extension
                    + " is not trusted on the target server, so only a superuser can create it;"
                    + " create it in the target database beforehand, as a superuser",
                create));
      }
      if (!canCreate) {
        return Optional.of(
            Finding.error(
                ID,
                "extension " + extension,
                "creating the trusted extension "
                    + extension
                    + " needs CREATE on the target database, which the target account lacks",
                "GRANT CREATE ON DATABASE "
                    + Identifier.quote(database)
                    + " TO "
                    + Identifier.quote(role)
                    + ";"));
      }
      return Optional.empty();
    }
  }

  private static Creator creator(CheckContext context) throws SQLException {
    RoleAttributes role = RoleAttributes.read(context.target());
    Set<String> trusted = new HashSet<>();
    if (!role.superuser() && context.targetInfo().versionNum() >= TRUSTED_FROM) {
      trusted.addAll(TRUSTED.list(context.target(), row -> row.getString("name")));
    }
    // A database the account creates itself is its own, and its owner may create in it.
    boolean canCreate = context.targetDatabaseExists() ? role.canCreate() : true;
    return new Creator(
        role.name(), context.targetUri().database(), role.superuser(), canCreate, trusted);
  }

  private static Finding missing(CheckContext context, Extension e) {
    return Finding.error(
        ID,
        "extension " + e.name(),
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
        null);
  }

  private static Finding versionNote(Extension e, Available target) {
    return Finding.info(
        ID,
        "extension " + e.name(),
        "the source has version "
            + e.version()
            + ", the target server's default is "
            + target.defaultVersion()
            + "; after migrating, consider ALTER EXTENSION "
            + Identifier.quote(e.name())
            + " UPDATE");
  }
}
