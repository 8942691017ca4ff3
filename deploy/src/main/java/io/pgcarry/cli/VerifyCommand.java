package io.pgcarry.cli;

import io.pgcarry.common.mapping.NameMapping;
import io.pgcarry.migrate.state.WorkDir;
import io.pgcarry.schema.MappingFile;
import io.pgcarry.verify.TableVerifier;
import io.pgcarry.verify.VerifyReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgcarry verify}: compares row counts and checksums of every table. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare every selected table of the source and the target: row count and an"
          + " order-independent checksum of the rows. Exit 0 only when everything matches.",
      "Run it after cutover, or while writes are stopped: rows changing under it differ.",
      "With --mapping, each source table is compared with the table the mapping names, over the"
          + " columns it carries, under their target names."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Option(names = "--source", required = true, description = "Source database URI.")
  String source;

  @Option(names = "--target", required = true, description = "Target database URI.")
  String target;

  @Mixin SelectionOptions selection;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description = "The mapping the migration ran with (config/README-mapping.md).")
  Path mapping;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    VerifyReport report =
        new TableVerifier(
                Uris.parse("--source", source),
                Uris.parse("--target", target),
                selection.selection(),
                mapping == null ? NameMapping.IDENTITY : MappingFile.read(mapping))
            .verify();
    var out = spec.commandLine().getOut();
    out.print(json ? WorkDir.json(report) + "\n" : report.toText());
    out.flush();
    return report.matches() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }
}
