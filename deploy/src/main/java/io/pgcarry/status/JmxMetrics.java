package io.pgcarry.status;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The JMX metrics operators watch, from this JVM's MBeans (the embedded Connect worker's, its
 * connectors' and its clients'), as Prometheus samples named the way the JMX exporter rules in
 * {@code deploy/monitoring/} name them on a Connect cluster: {@code DOMAIN_TYPE_ATTRIBUTE}, the
 * other key properties as labels. Numbers and booleans are exported; a map attribute (pgcarry's
 * sink {@code ChangesApplied}) becomes one sample per entry, labelled {@code key}. Thread-safe.
 */
final class JmxMetrics {

  /** The MBeans exported, by object name pattern. */
  static final List<String> PATTERNS =
      List.of(
          "kafka.connect:type=connect-worker-metrics,*",
          "kafka.connect:type=connect-worker-rebalance-metrics,*",
          "kafka.connect:type=connector-task-metrics,*",
          "kafka.connect:type=source-task-metrics,*",
          "kafka.connect:type=sink-task-metrics,*",
          "kafka.connect:type=task-error-metrics,*",
          "kafka.consumer:type=consumer-fetch-manager-metrics,*",
          "debezium.postgres:*",
          "io.pgcarry:*");

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  List<Sample> collect() {
    List<Sample> samples = new ArrayList<>();
    for (String pattern : PATTERNS) {
      try {
        for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
          collect(name, samples);
        }
      } catch (JMException e) {
        throw new IllegalStateException("invalid MBean pattern " + pattern, e);
      }
    }
    return samples;
  }

  private void collect(ObjectName name, List<Sample> samples) {
    if (name.getDomain().equals("kafka.consumer")
        && !String.valueOf(name.getKeyProperty("client-id")).startsWith("connector-consumer-")) {
      return;
    }
    String prefix =
        Sample.sanitize(name.getDomain())
            + "_"
            + Sample.sanitize(String.valueOf(name.getKeyProperty("type")));
    Map<String, String> labels = new LinkedHashMap<>();
    name.getKeyPropertyList()
        .forEach(
            (key, value) -> {
              if (!"type".equals(key)) {
                labels.put(Sample.sanitize(key), ObjectName.unquote(quoted(value)));
              }
            });
    try {
      MBeanAttributeInfo[] infos = server.getMBeanInfo(name).getAttributes();
      String[] attributes = new String[infos.length];
      for (int i = 0; i < infos.length; i++) {
        attributes[i] = infos[i].getName();
      }
      for (Attribute attribute : server.getAttributes(name, attributes).asList()) {
        add(prefix + "_" + Sample.sanitize(attribute.getName()), labels, attribute, samples);
      }
    } catch (JMException e) {
      // The MBean went away between the query and the read: a task stopping.
    }
  }

  private static void add(
      String metric, Map<String, String> labels, Attribute attribute, List<Sample> samples) {
    Object value = attribute.getValue();
    String help = "JMX " + attribute.getName();
    if (value instanceof Number number) {
      samples.add(new Sample(metric, "untyped", help, labels, number.doubleValue()));
    } else if (value instanceof Boolean bool) {
      samples.add(new Sample(metric, "untyped", help, labels, bool ? 1 : 0));
    } else if (value instanceof TabularData table) {
      for (Object row : table.values()) {
        CompositeData entry = (CompositeData) row;
        if (entry.containsKey("key") && entry.get("value") instanceof Number number) {
          Map<String, String> withKey = new LinkedHashMap<>(labels);
          withKey.put("key", String.valueOf(entry.get("key")));
          samples.add(new Sample(metric, "untyped", help, withKey, number.doubleValue()));
        }
      }
    }
  }

  /** Key property values may be quoted ({@code ObjectName.quote}); unquoting needs the quotes. */
  private static String quoted(String value) {
    return value.startsWith("\"") ? value : ObjectName.quote(value);
  }
}
