package io.pgcarry.schema.plan;

import io.pgcarry.schema.catalog.Catalog;
import io.pgcarry.schema.catalog.Dependency;
import io.pgcarry.schema.catalog.MappingConflict;
import io.pgcarry.schema.catalog.SkippedObject;
import io.pgcarry.schema.ddl.CatalogRef;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Selects objects and orders them by their dependencies (pg_depend plus each object's own
 * requirements), a topological sort that prefers the kind order of {@link ObjectKind} and then the
 * name whenever dependencies leave a choice, so the order is deterministic.
 *
 * <p>Dependent objects the name mapping cannot follow ({@link Catalog#conflicts()}) stop the plan
 * when their table is selected, all named at once; excluding their table (a view, say) lets the
 * rest go ahead.
 *
 * <p>Objects a selected object needs are pulled in when they are schema-level (types, functions,
 * sequences, schemas...). A selected object that needs an unselected table or view is an error that
 * names both. A dependency cycle (rare, since function bodies are not checked at creation) is
 * broken by creating the first object of the cycle in kind order, with a warning.
 */
public final class SchemaPlanner {

  private static final Comparator<SchemaObject> PREFERENCE =
      Comparator.comparingInt((SchemaObject o) -> o.kind().place())
          .thenComparing(SchemaObject::name)
          .thenComparing(SchemaObject::kind);

  private SchemaPlanner() {}

  /**
   * Plans the creation of the selected objects of a catalog.
   *
   * @throws SelectionConflict when a selected object depends on an unselected table or view
   * @throws MappingConflict naming every selected object that the name mapping cannot follow
   */
  public static SchemaPlan plan(Catalog catalog, Selection selection) {
    List<MappingConflict.Conflict> conflicts =
        catalog.conflicts().stream().filter(c -> selection.selectsTable(c.table())).toList();
    if (!conflicts.isEmpty()) {
      throw MappingConflict.of(conflicts);
    }
    Map<CatalogRef, SchemaObject> byRef = Catalog.byRef(catalog.objects());
    Map<SchemaObject, Set<SchemaObject>> needs = dependencies(catalog, byRef);
    List<String> warnings = new ArrayList<>();
    Map<SchemaObject, SkippedObject> blocked = blocked(catalog, byRef, needs);
    Set<SchemaObject> selected = select(catalog, selection, needs, blocked, warnings);
    List<SkippedObject> skipped =
        blocked.entrySet().stream()
            .filter(e -> selection.selects(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    return new SchemaPlan(order(selected, needs, warnings), warnings, skipped, needs);
  }

  /**
   * The objects that depend, directly or through others, on a catalog row that is not carried (a C
   * function, a base type), with the reason.
   */
  private static Map<SchemaObject, SkippedObject> blocked(
      Catalog catalog,
      Map<CatalogRef, SchemaObject> byRef,
      Map<SchemaObject, Set<SchemaObject>> needs) {
    Map<CatalogRef, SkippedObject> unsupported = new HashMap<>();
    catalog.skipped().forEach(s -> unsupported.put(s.ref(), s));
    Map<SchemaObject, SkippedObject> blocked = new LinkedHashMap<>();
    Deque<SchemaObject> work = new ArrayDeque<>();
    for (Dependency dependency : catalog.dependencies()) {
      SkippedObject missing = unsupportedOf(catalog, dependency.referenced(), unsupported);
      if (missing == null) {
        continue;
      }
      catalog
          .creatorOf(dependency.dependent(), byRef)
          .filter(o -> !blocked.containsKey(o))
          .ifPresent(
              o -> {
                blocked.put(o, because(o, missing.description()));
                work.add(o);
              });
    }
    Map<SchemaObject, List<SchemaObject>> dependents = new HashMap<>();
    needs.forEach(
        (object, set) ->
            set.forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(object)));
    while (!work.isEmpty()) {
      SchemaObject object = work.poll();
      for (SchemaObject dependent : dependents.getOrDefault(object, List.of())) {
        if (!blocked.containsKey(dependent)) {
          blocked.put(dependent, because(dependent, object.describe()));
          work.add(dependent);
        }
      }
    }
    // A type left out leaves its shell out too.
    for (SchemaObject object : List.copyOf(blocked.keySet())) {
      if (object.kind() == ObjectKind.TYPE) {
        object.refs().stream()
            .map(r -> catalog.creatorOf(new CatalogRef("pg_type#shell", r.oid()), byRef))
            .flatMap(Optional::stream)
            .forEach(shell -> blocked.putIfAbsent(shell, because(shell, object.describe())));
      }
    }
    return blocked;
  }

  private static SkippedObject unsupportedOf(
      Catalog catalog, CatalogRef ref, Map<CatalogRef, SkippedObject> unsupported) {
    CatalogRef current = ref;
    for (int hops = 0; current != null && hops < 10; hops++) {
      SkippedObject skipped = unsupported.get(current);
      if (skipped != null) {
        return skipped;
      }
      current = catalog.aliases().get(current);
    }
    return null;
  }

  private static SkippedObject because(SchemaObject object, String missing) {
    return new SkippedObject(
        object.describe(),
        "depends on " + missing + ", which is not carried",
        object.refs().stream().findFirst().orElse(null),
        object.schema());
  }

  private static Map<SchemaObject, Set<SchemaObject>> dependencies(
      Catalog catalog, Map<CatalogRef, SchemaObject> byRef) {
    Map<SchemaObject, Set<SchemaObject>> needs = new LinkedHashMap<>();
    for (SchemaObject object : catalog.objects()) {
      Set<SchemaObject> set = needs.computeIfAbsent(object, o -> new LinkedHashSet<>());
      for (CatalogRef ref : object.requires()) {
        catalog.creatorOf(ref, byRef).filter(o -> o != object).ifPresent(set::add);
      }
    }
    for (Dependency dependency : catalog.dependencies()) {
      Optional<SchemaObject> from = catalog.creatorOf(dependency.dependent(), byRef);
      Optional<SchemaObject> to = catalog.creatorOf(dependency.referenced(), byRef);
      if (from.isEmpty() || to.isEmpty() || from.get() == to.get()) {
        continue;
      }
      // A sequence OWNED BY a column depends on its table automatically; the ownership is set
      // by a separate statement after both exist.
      if (dependency.automatic() && from.get().kind() == ObjectKind.SEQUENCE) {
        continue;
      }
      needs.get(from.get()).add(shellInstead(catalog, byRef, from.get(), to.get()));
    }
    return needs;
  }

  /**
   * A base type's support functions take or return the type, which needs them: they are created
   * after the type's shell instead (as pg_dump does).
   */
  private static SchemaObject shellInstead(
      Catalog catalog, Map<CatalogRef, SchemaObject> byRef, SchemaObject from, SchemaObject to) {
    if (to.kind() != ObjectKind.TYPE || from.refs().stream().noneMatch(to.requires()::contains)) {
      return to;
    }
    return to.refs().stream()
        .filter(r -> r.catalog().equals("pg_type"))
        .findFirst()
        .flatMap(r -> catalog.creatorOf(new CatalogRef("pg_type#shell", r.oid()), byRef))
        .orElse(to);
  }

  private static Set<SchemaObject> select(
      Catalog catalog,
      Selection selection,
      Map<SchemaObject, Set<SchemaObject>> needs,
      Map<SchemaObject, SkippedObject> blocked,
      List<String> warnings) {
    Set<SchemaObject> selected = new LinkedHashSet<>();
    Deque<SchemaObject> work = new ArrayDeque<>();
    for (SchemaObject object : catalog.objects()) {
      if (selection.selects(object) && !blocked.containsKey(object)) {
        selected.add(object);
        work.add(object);
      }
    }
    while (!work.isEmpty()) {
      SchemaObject object = work.poll();
      for (SchemaObject needed : needs.get(object)) {
        if (selected.contains(needed) || blocked.containsKey(needed)) {
          continue;
        }
        if (isRelation(needed) && needed.kind() != ObjectKind.SEQUENCE) {
          String missing = needed.table().map(Object::toString).orElse(needed.name());
          throw new SelectionConflict(
              object.describe()
                  + " depends on "
                  + needed.describe()
                  + ", and "
                  + missing
                  + " is not selected; include "
                  + missing
                  + " or exclude "
                  + object.table().map(Object::toString).orElse(object.name())
                  + " too");
        }
        warnings.add(
            "included " + needed.describe() + " because " + object.describe() + " needs it");
        selected.add(needed);
        work.add(needed);
      }
    }
    return selected;
  }

  private static boolean isRelation(SchemaObject object) {
    return object.table().isPresent();
  }

  private static List<SchemaObject> order(
      Set<SchemaObject> selected,
      Map<SchemaObject, Set<SchemaObject>> needs,
      List<String> warnings) {
    Map<SchemaObject, Integer> waiting = new HashMap<>();
    Map<SchemaObject, List<SchemaObject>> dependents = new HashMap<>();
    for (SchemaObject object : selected) {
      int count = 0;
      for (SchemaObject needed : needs.get(object)) {
        if (selected.contains(needed)) {
          count++;
          dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(object);
        }
      }
      waiting.put(object, count);
    }
    PriorityQueue<SchemaObject> ready = new PriorityQueue<>(PREFERENCE);
    waiting.forEach(
        (object, count) -> {
          if (count == 0) {
            ready.add(object);
          }
        });
    List<SchemaObject> out = new ArrayList<>();
    Set<SchemaObject> done = new HashSet<>();
    while (out.size() < selected.size()) {
      if (ready.isEmpty()) {
        SchemaObject breaker =
            waiting.entrySet().stream()
                .filter(e -> !done.contains(e.getKey()) && e.getValue() > 0)
                .map(Map.Entry::getKey)
                .min(PREFERENCE)
                .orElseThrow();
        warnings.add(
            "dependency cycle: created "
                + breaker.describe()
                + " before "
                + needs.get(breaker).stream()
                    .filter(n -> selected.contains(n) && !done.contains(n))
                    .map(SchemaObject::describe)
                    .toList());
        waiting.put(breaker, 0);
        ready.add(breaker);
      }
      SchemaObject next = ready.poll();
      if (!done.add(next)) {
        continue;
      }
      out.add(next);
      for (SchemaObject dependent : dependents.getOrDefault(next, List.of())) {
        int left = waiting.merge(dependent, -1, Integer::sum);
        if (left == 0 && !done.contains(dependent)) {
          ready.add(dependent);
        }
      }
    }
    return out;
  }
}
