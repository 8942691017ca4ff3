package io.pgcarry.precheck;

import java.util.ArrayList;
import java.util.List;

/**
 * DDL capture ({@code migrate --capture-ddl}) installs event triggers on the source, which only a
 * superuser may create, and reads the triggers' logical messages through pgoutput, which carries
 * them from PostgreSQL 14 on. Without it, DDL on the source while streaming is not carried: the
 * sink stops at the first change that no longer fits the target.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-createeventtrigger.html">CREATE EVENT
 *     TRIGGER</a>
 */
final class DdlCaptureCheck implements Check {

  static final String ID = "ddl-capture";
  private static final int MESSAGES_FROM = 140000;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Servers needs() {
    return Servers.SOURCE;
  }

  @Override
  public List<Finding> run(CheckContext context) {
    if (!context.settings().captureDdl() || !context.settings().streaming()) {
      return List.of();
    }
    ServerInfo source = context.sourceInfo();
    String object = "source database " + source.database();
    List<Finding> findings = new ArrayList<>();
    if (source.versionNum() < MESSAGES_FROM) {
      findings.add(
          Finding.error(
              ID,
              object,
              "--capture-ddl carries DDL as logical messages, which pgoutput sends from"
                  + " PostgreSQL 14 on; this source is "
                  + source.version()
                  + ". Run without --capture-ddl, and run no DDL on the source while streaming"
                  + " (it stops the sink)",
              null));
    }
    if (!source.superuser()) {
      findings.add(
          Finding.error(
              ID,
              "source role " + source.user(),
              "--capture-ddl installs event triggers on the source, which only a superuser may"
                  + " create. Connect as a superuser for the run, or run without --capture-ddl:"
                  + " then DDL on the source while streaming is not carried, and the sink stops at"
                  + " the first change that no longer fits the target",
              null));
    }
    if (findings.isEmpty()) {
      findings.add(
          Finding.info(
              ID,
              object,
              "DDL on the migrated objects is carried while streaming, where it ran; a table"
                  + " created among the selected tables streams with its rows once it has a"
                  + " primary key or a replica identity (--set-replica-identity gives a table"
                  + " without a key REPLICA IDENTITY FULL at once); pgcarry status names a table"
                  + " that waits"));
    }
    return findings;
  }
}
