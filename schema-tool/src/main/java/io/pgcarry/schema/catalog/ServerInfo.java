package io.pgcarry.schema.catalog;

import java.sql.Connection;
import java.util.Optional;

/**
 * The version of a server and the locale settings of one of its databases.
 *
 * @param versionNum {@code server_version_num}, e.g. 150013
 * @param encoding the database encoding, e.g. {@code UTF8}
 * @param collate {@code LC_COLLATE}
 * @param ctype {@code LC_CTYPE}
 * @param localeProvider {@code c}, {@code i} (ICU) or {@code b} (builtin); empty before 15
 * @param icuLocale the ICU or builtin locale, when that provider is used
 */
public record ServerInfo(
    int versionNum,
    String encoding,
    String collate,
    String ctype,
    Optional<String> localeProvider,
    Optional<String> icuLocale) {

  /** Reads the connected server's version and database settings. */
  public static ServerInfo read(Connection connection) {
    CatalogRow row = CatalogQuery.run(connection, "server").get(0);
    return new ServerInfo(
        (int) row.number("version_num"),
        row.string("encoding"),
        row.string("collate"),
        row.string("ctype"),
        Optional.ofNullable(row.string("locale_provider")),
        Optional.ofNullable(row.string("icu_locale")));
  }

  /** The major version, e.g. 15. */
  public int major() {
    return versionNum / 10000;
  }
}
