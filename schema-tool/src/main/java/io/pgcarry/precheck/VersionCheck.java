package io.pgcarry.precheck;

import java.util.ArrayList;
import java.util.List;

/**
 * The source must be PostgreSQL 10 or later (pgoutput and publications arrived in 10), and the
 * target's major version must not be older than the source's: a dump of a newer catalog uses syntax
 * and features an older server lacks.
 */
final class VersionCheck implements Check {

  static final String ID = "version";
  private static final int OLDEST_SOURCE = 100000;

  @Override
  public String id() {
    return ID;
  }

  /** Needs the source; compares with the target when it is reachable. */
  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) {
    List<Finding> findings = new ArrayList<>();
    ServerInfo source = context.sourceInfo();
    ServerInfo target = context.targetInfo();
    if (source.versionNum() < OLDEST_SOURCE) {
      findings.add(
          Finding.error(
              ID,
              "source",
              "the source runs PostgreSQL "
                  + source.version()
                  + "; logical decoding with pgoutput needs PostgreSQL 10 or later",
              null));
    }
    if (target != null && target.major() < source.major()) {
      findings.add(
          Finding.error(
              ID,
              "target",
              "the target runs PostgreSQL "
                  + target.majorText()
                  + ", older than the source's "
                  + source.majorText()
                  + "; migrating to an older major version is not supported: use a target of"
                  + " version "
                  + source.majorText()
                  + " or later",
              null));
    }
    findings.add(
        Finding.info(
            ID,
            "servers",
            "source PostgreSQL "
                + source.version()
                + (target == null ? "" : ", target PostgreSQL " + target.version())));
    return findings;
  }
}
