package io.pgcarry.cli;

import io.pgcarry.common.PgUri;
import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.precheck.Precheck;
import io.pgcarry.precheck.PrecheckReport;
import io.pgcarry.precheck.PrecheckSettings;
import io.pgcarry.schema.MappingFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pgcarry precheck}: reports every reason a migration would fail, with the fix, before
 * anything is created. Exits 1 ({@link ExitCode#CHECK_FAILED}) when there is an error, 0 otherwise.
 */
@Command(
    name = "precheck",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a migration from SOURCE to TARGET can run, changing nothing.",
      "Prints errors, warnings and notes, each with the SQL that fixes it where there is one.",
      "Exit code 1 when there is any error, 0 otherwise."
    })
public final class PrecheckCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "URI",
      description = "Source database, postgresql://user:password@host:port/dbname")
  String source;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URI",
      description = "Target database; it may not exist yet")
  String target;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Migration name, which names the slot and publication to look for (default: the source"
              + " database name)")
  String name;

  @Option(
      names = "--long-transaction-minutes",
      paramLabel = "N",
      defaultValue = "5",
      description = "Report source transactions open longer than this (default: ${DEFAULT-VALUE})")
  long longTransactionMinutes;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description =
          "The mapping migrate will run with: names it gives must exist, a column subset must"
              + " keep the replica identity, and every dependent object must follow its renames")
  Path mapping;

  @Option(
      names = "--no-streaming",
      description = "Check for migrate --no-streaming (the source must not be written meanwhile)")
  boolean noStreaming;

  @Option(names = "--json", description = "Print the report as JSON")
  boolean json;

  @Override
  public Integer call() {
    PgUri sourceUri = PgUri.parse(source);
    NameMapping names = mapping == null ? NameMapping.IDENTITY : MappingFile.read(mapping);
    PrecheckSettings settings =
        PrecheckSettings.forMigration(name == null ? sourceUri.database() : name)
            .withLongTransaction(Duration.ofMinutes(longTransactionMinutes))
            .withMapping(names);
    if (noStreaming) {
      settings = settings.withoutStreaming();
    }
    PrecheckReport report =
        new Precheck(sourceUri, PgUri.parse(target), selection.selection(), settings).run();
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.toJson() + "\n" : report.toText());
    out.flush();
    return report.hasErrors() ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
  }
}
