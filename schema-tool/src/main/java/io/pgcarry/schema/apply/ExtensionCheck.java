package io.pgcarry.schema.apply;

import io.pgcarry.schema.SchemaFailure;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks, before anything is created, that the target can install every extension needed. */
public final class ExtensionCheck {

  private ExtensionCheck() {}

  /**
   * @throws SchemaFailure naming every extension the target's installation lacks
   */
  public static void requireAvailable(Connection target, List<SchemaObject> objects) {
    Set<String> available = new HashSet<>();
    try (Statement statement = target.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT quote_ident(name) FROM pg_available_extensions")) {
      while (rs.next()) {
        available.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new SchemaFailure("cannot list the target's extensions: " + e.getMessage(), e);
    }
    List<String> missing = new ArrayList<>();
    for (SchemaObject object : objects) {
      if (object.kind() == ObjectKind.EXTENSION && !available.contains(object.name())) {
        missing.add(object.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new SchemaFailure(
          "the target server cannot install extension(s) "
              + String.join(", ", missing)
              + ": install the package that provides them on the target server, then re-run");
    }
  }
}
