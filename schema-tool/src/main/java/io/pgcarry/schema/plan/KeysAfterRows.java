package io.pgcarry.schema.plan;

import io.pgcarry.common.TableId;
import io.pgcarry.common.stream.DeferredKeyTable.DeferredKey;
import io.pgcarry.schema.ddl.ObjectKind;
import io.pgcarry.schema.ddl.SchemaObject;
import io.pgcarry.schema.ddl.TargetNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a pre-data run's objects are built after their table's rows instead, as pg_dump builds
 * them after the data: loading into a table without keys is faster, writes less WAL and leaves a
 * denser primary key. They are the primary keys, unique and exclusion constraints ({@link
 * ObjectKind#KEY}), unique indexes ({@link ObjectKind#INDEX}) and replica identity indexes ({@link
 * ObjectKind#REPLICA_IDENTITY}) of plain tables, except:
 *
 * <ul>
 *   <li>those of partitioned tables and partitions: a partitioned table's key spans tables whose
 *       loads end at different times;
 *   <li>those another object created in the same run needs (a view that groups by a primary key),
 *       with everything of the table's keys they need in turn.
 * </ul>
 *
 * <p>Each table's objects are numbered in plan order, from 1, so a replica identity comes after its
 * index. Immutable.
 */
public final class KeysAfterRows {

  private static final Set<ObjectKind> KEYS =
      EnumSet.of(ObjectKind.KEY, ObjectKind.INDEX, ObjectKind.REPLICA_IDENTITY);

  /** Nothing deferred. */
  public static final KeysAfterRows NONE = new KeysAfterRows(Set.of(), List.of());

  private final Set<SchemaObject> objects;
  private final List<DeferredKey> keys;

  private KeysAfterRows(Set<SchemaObject> objects, List<DeferredKey> keys) {
    this.objects = Set.copyOf(objects);
    this.keys = List.copyOf(keys);
  }

  /**
   * Chooses among the objects a pre-data run creates.
   *
   * @param toCreate the objects the run creates, in plan order
   * @param partitioned the tables that are partitioned or partitions, by source name
   * @param names the target names of source tables
   */
  public static KeysAfterRows choose(
      SchemaPlan plan, List<SchemaObject> toCreate, Set<TableId> partitioned, TargetNames names) {
    Set<SchemaObject> candidates = new LinkedHashSet<>();
    for (SchemaObject object : toCreate) {
      if (KEYS.contains(object.kind())
          && object.table().isPresent()
          && !partitioned.contains(object.table().get())) {
        candidates.add(object);
      }
    }
    Set<SchemaObject> kept = new HashSet<>();
    Deque<SchemaObject> work = new ArrayDeque<>();
    for (SchemaObject object : toCreate) {
      if (!candidates.contains(object)) {
        work.add(object);
      }
    }
    while (!work.isEmpty()) {
      for (SchemaObject needed : plan.needsOf(work.poll())) {
        if (candidates.contains(needed) && kept.add(needed)) {
          work.add(needed);
        }
      }
    }
    candidates.removeAll(kept);
    Map<TableId, Integer> steps = new LinkedHashMap<>();
    List<DeferredKey> keys = new ArrayList<>();
    for (SchemaObject object : candidates) {
      TableId table = names.table(object.table().orElseThrow());
      int step = steps.merge(table, 1, Integer::sum);
      keys.add(new DeferredKey(table, step, object.describe(), object.statements()));
    }
    return new KeysAfterRows(candidates, keys);
  }

  /** Whether the object is built after its table's rows. */
  public boolean defers(SchemaObject object) {
    return objects.contains(object);
  }

  /** The objects built after their tables' rows, as the deferred key table records them. */
  public List<DeferredKey> keys() {
    return keys;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }
}
