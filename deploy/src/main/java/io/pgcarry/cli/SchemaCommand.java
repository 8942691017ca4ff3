package io.pgcarry.cli;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.schema.MappingFile;
import io.pgcarry.schema.Phase;
import io.pgcarry.schema.RoleMap;
import io.pgcarry.schema.SchemaFailure;
import io.pgcarry.schema.SchemaMigrator;
import io.pgcarry.schema.SchemaOptions;
import io.pgcarry.schema.SchemaReport;
import io.pgcarry.schema.catalog.CatalogReadFailure;
import io.pgcarry.schema.catalog.MappingConflict;
import io.pgcarry.schema.plan.SelectionConflict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry schema}: create the source's schema on the target. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create the source database's schema on the target, read from the source catalog over"
          + " JDBC (no pg_dump needed) and created in dependency order.",
      "",
      "pre-data is everything the initial copy needs: extensions, schemas, types, collations,"
          + " functions, aggregates, operators, sequences, tables, views, materialized views"
          + " (WITH NO DATA), constraints, indexes, rules, policies and comments. post-data is"
          + " triggers and foreign keys, created after the copy. C-language functions are not"
          + " carried; the report lists them.",
      "",
      "The target database is created when missing, with the source's encoding and locale."
          + " Re-running is safe: objects that exist and match are skipped; objects that exist"
          + " but differ are reported and left alone (exit code 1). Each run is one transaction.",
      "",
      "By default objects are owned by the target user and get default privileges. --owners"
          + " and --privileges carry the source's owners and grants; a role missing on the"
          + " target stops the run before anything is created, unless --role-map names it.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the target has every selected object",
      "1:some objects exist on the target with another definition",
      "2:invalid command line, pattern or mapping file",
      "3:a database could not be reached",
      "4:an object could not be created, or an owner or grantee is missing on the target"
          + " (nothing of the run was committed)"
    })
public final class SchemaCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "URI",
      description = "Source database, postgresql://user:password@host:port/dbname.")
  String source;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URI",
      description = "Target database; created when missing.")
  String target;

  @Option(
      names = "--phase",
      required = true,
      paramLabel = "PHASE",
      description = "pre-data, post-data or all.")
  String phase;

  @Option(names = "--dry-run", description = "Print the SQL in order; change nothing.")
  boolean dryRun;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description =
          "YAML or JSON file renaming schemas, tables and columns (config/README-mapping.md).")
  Path mapping;

  @Option(
      names = "--defer-fk-validation",
      description = "Create foreign keys NOT VALID; validate later with --validate-foreign-keys.")
  boolean deferForeignKeyValidation;

  @Option(
      names = "--validate-foreign-keys",
      description = "Only validate the foreign keys created NOT VALID (at cutover).")
  boolean validateForeignKeys;

  @Option(
      names = "--owners",
      description =
          "Give each object its source owner (ALTER ... OWNER TO). Every owner must exist on the"
              + " target server or be mapped with --role-map (config/README-roles.md).")
  boolean owners;

  @Option(
      names = "--privileges",
      description =
          "Reproduce the source's privileges (GRANT and REVOKE, column privileges and WITH GRANT"
              + " OPTION included). Every grantee must exist on the target or be mapped.")
  boolean privileges;

  @Option(
      names = "--role-map",
      paramLabel = "SOURCE=TARGET",
      description =
          "With --owners or --privileges: name the source role SOURCE as TARGET on the target"
              + " server. Repeatable. Unmapped roles keep their names.")
  List<String> roleMap = new ArrayList<>();

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Phase selected = phase(phase);
    SchemaOptions options =
        new SchemaOptions(
            PgUri.parse(source),
            PgUri.parse(target),
            selection.selection().includes(),
            selection.selection().excludes(),
            mapping == null ? NameMapping.IDENTITY : MappingFile.read(mapping),
            deferForeignKeyValidation,
            owners,
            privileges,
            roleMap());
    PrintWriter out = spec.commandLine().getOut();
    try {
      SchemaMigrator migrator = new SchemaMigrator(options);
      if (validateForeignKeys) {
        List<String> validated = migrator.validateForeignKeys();
        out.println("Validated " + validated.size() + " foreign keys.");
        validated.forEach(fk -> out.println("  " + fk));
        return ExitCode.OK.code();
      }
      SchemaReport report = migrator.run(selected, dryRun);
      if (json) {
        out.println(report.toJson());
      } else {
        if (dryRun) {
          out.print(report.script());
        }
        spec.commandLine().getErr().print(report.toText());
      }
      out.flush();
      return report.clean() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    } catch (SchemaFailure | MappingConflict | SelectionConflict | CatalogReadFailure e) {
      throw new CommandFailure(ExitCode.FAILED, e.getMessage(), e);
    }
  }

  private RoleMap roleMap() {
    if (!roleMap.isEmpty() && !owners && !privileges) {
      throw new CommandFailure(ExitCode.USAGE, "--role-map needs --owners or --privileges");
    }
    try {
      return RoleMap.parse(roleMap);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCode.USAGE, e.getMessage());
    }
  }

  /** Accepts pre-data, post-data and all (and the enum names). */
  static Phase phase(String value) {
    try {
      return Phase.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          ExitCode.USAGE, "'" + value + "' is not a phase; expected pre-data, post-data or all");
    }
  }
}
