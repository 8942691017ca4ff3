package io.pgcarry.faults;

import io.pgcarry.cli.Pgcarry;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code pgcarry} command line in this JVM, as an operator would type it.
 *
 * @param code the exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Pgcarry.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** True when standard error shows a Java stack trace. */
  boolean hasStackTrace() {
    return err.contains("\tat ") || out.contains("\tat ") || err.contains("Exception:");
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
