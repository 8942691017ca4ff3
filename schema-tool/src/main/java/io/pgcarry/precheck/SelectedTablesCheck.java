package io.pgcarry.precheck;

import java.util.List;

/** Says how many source tables the include and exclude patterns select, and warns when none. */
final class SelectedTablesCheck implements Check {

  static final String ID = "selection";

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
    int count = context.tables().size();
    if (count == 0) {
      return List.of(
          Finding.warning(
              ID,
              "source database " + context.sourceInfo().database(),
              "no table matches the include and exclude patterns: there is nothing to migrate",
              null));
    }
    return List.of(
        Finding.info(
            ID,
            "source database " + context.sourceInfo().database(),
            count
                + (count == 1 ? " table" : " tables")
                + " in "
                + context.schemas().size()
                + (context.schemas().size() == 1 ? " schema" : " schemas")
                + " selected for migration"));
  }
}
