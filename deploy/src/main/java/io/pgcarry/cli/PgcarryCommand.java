package io.pgcarry.cli;

import picocli.CommandLine.Command;

/** The top-level {@code pgcarry} command; every action is a subcommand. */
@Command(
    name = "pgcarry",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Moves a live PostgreSQL database to another PostgreSQL server while the application keeps"
          + " writing: schema, full load from a consistent snapshot, then streamed changes through"
          + " Kafka Connect until cutover.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the check found problems (precheck errors, verify mismatches, cutover not reached)",
      "2:invalid command line",
      "3:cannot connect or authenticate (wrong URI, unreachable host, wrong password,"
          + " missing database)",
      "4:the operation failed (see the message; --verbose shows the cause chain)"
    },
    subcommands = {
      PrecheckCommand.class,
      SchemaCommand.class,
      MigrateCommand.class,
      StatusCommand.class,
      VerifyCommand.class,
      CutoverCommand.class,
      FallbackCommand.class,
      FinishCommand.class,
      CleanupCommand.class,
      DemoCommand.class
    })
public final class PgcarryCommand {}
