package io.pgcarry.schema.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgcarry.common.TableId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRendererTest {

  private static final SchemaObject ORDERS =
      new SchemaObject(
          ObjectKind.TABLE,
          "sales.orders",
          "sales",
          Optional.of(new TableId("sales", "orders")),
          List.of("CREATE TABLE sales.orders (id integer)"),
          Set.of(CatalogRef.pgClass(1)),
          Set.of());

  private static Privilege grant(String column, String grantee, String privilege, boolean option) {
    return new Privilege(
        Optional.ofNullable(column), Optional.ofNullable(grantee), privilege, option, false);
  }

  @Test
  void quotesTheOwnerAndNamesTheKind() {
    assertThat(AccessRenderer.owner(ORDERS, "Sales Owner"))
        .isEqualTo("ALTER TABLE sales.orders OWNER TO \"Sales Owner\"");
  }

  @Test
  void groupsPrivilegesByGranteeColumnAndGrantOptionInAclOrderAndMapsRoles() {
    List<Privilege> privileges =
        List.of(
            new Privilege(Optional.empty(), Optional.empty(), "SELECT", false, true),
            grant(null, "reader", "SELECT", false),
            grant(null, "reader", "INSERT", true),
            grant(null, "reader", "UPDATE", true),
            grant("total", null, "UPDATE", false));

    List<String> statements =
        AccessRenderer.privileges(
            ORDERS,
            privileges,
            role -> role.equals("reader") ? "analyst" : role,
            TargetNames.identity());

    assertThat(statements)
        .containsExactly(
            "REVOKE SELECT ON TABLE sales.orders FROM PUBLIC",
            "GRANT SELECT ON TABLE sales.orders TO analyst",
            "GRANT INSERT, UPDATE ON TABLE sales.orders TO analyst WITH GRANT OPTION",
            "GRANT UPDATE (total) ON TABLE sales.orders TO PUBLIC");
  }

  @Test
  void rendersNoPrivilegesForKindsWithoutThem() {
    SchemaObject index =
        new SchemaObject(
            ObjectKind.INDEX,
            "orders_i ON sales.orders",
            "sales",
            Optional.of(new TableId("sales", "orders")),
            List.of("CREATE INDEX orders_i ON sales.orders (id)"),
            Set.of(CatalogRef.pgClass(2)),
            Set.of());

    assertThat(
            AccessRenderer.privileges(
                index,
                List.of(grant(null, "reader", "SELECT", false)),
                r -> r,
                TargetNames.identity()))
        .isEmpty();
    assertThat(AccessRenderer.hasOwner(ObjectKind.INDEX)).isFalse();
  }
}
