package io.pgcarry.cli;

import io.pgcarry.migrate.WorkDir;
import io.pgcarry.verify.TableVerifier;
import io.pgcarry.verify.VerifyReport;
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
      "Run it after cutover, or while writes are stopped: rows changing under it differ."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Mixin VerboseOption verbose;

  @Option(names = "--source", required = true, description = "Source database URI.")
  String source;

  @Option(names = "--target", required = true, description = "Target database URI.")
  String target;

  @Mixin SelectionOptions selection;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    VerifyReport report =
        new TableVerifier(
                Uris.parse("--source", source),
                Uris.parse("--target", target),
                selection.selection())
            .verify();
    var out = spec.commandLine().getOut();
    out.print(json ? WorkDir.json(report) + "\n" : report.toText());
    out.flush();
    return report.matches() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }
}
