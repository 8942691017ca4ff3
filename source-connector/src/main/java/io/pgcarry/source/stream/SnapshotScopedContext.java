package io.pgcarry.source.stream;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The task context handed to Debezium's streaming task: offsets written while streaming after an
 * earlier snapshot (a full load that was started again, from a new slot) are hidden, so Debezium
 * does not look for their positions in the new slot. Thread-safe as the context it wraps.
 */
final class SnapshotScopedContext implements SourceTaskContext {

  private final SourceTaskContext context;
  private final String snapshot;

  /**
   * @param snapshot the current snapshot, or null to show every offset
   */
  SnapshotScopedContext(SourceTaskContext context, String snapshot) {
    this.context = context;
    this.snapshot = snapshot;
  }

  @Override
  public Map<String, String> configs() {
    return context.configs();
  }

  @Override
  public OffsetStorageReader offsetStorageReader() {
    OffsetStorageReader reader = context.offsetStorageReader();
    return new OffsetStorageReader() {
      @Override
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return current(reader.offset(partition));
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(
          Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        reader.offsets(partitions).forEach((p, o) -> result.put(p, current(o)));
        return result;
      }
    };
  }

  @Override
  public PluginMetrics pluginMetrics() {
    return context.pluginMetrics();
  }

  @Override
  public TransactionContext transactionContext() {
    return context.transactionContext();
  }

  private Map<String, Object> current(Map<String, Object> offset) {
    if (offset == null || snapshot == null) {
      return offset;
    }
    return Objects.equals(offset.get(ChangeStamper.OFFSET_SNAPSHOT), snapshot) ? offset : null;
  }
}
