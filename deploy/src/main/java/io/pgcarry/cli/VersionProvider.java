package io.pgcarry.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Pgcarry.class.getPackage().getImplementationVersion();
    return new String[] {"pgcarry " + (version == null ? "development build" : version)};
  }
}
