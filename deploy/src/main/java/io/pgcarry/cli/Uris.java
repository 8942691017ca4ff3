package io.pgcarry.cli;

import io.pgcarry.common.PgUri;

/** Parses connection URIs given on the command line into usage errors that name the option. */
final class Uris {

  private Uris() {}

  static PgUri parse(String option, String text) {
    try {
      return PgUri.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCode.USAGE, option + ": " + e.getMessage());
    }
  }
}
