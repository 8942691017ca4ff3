package io.pgcarry.migrate.connectors;

import io.pgcarry.migrate.MigrationSpec;
import io.pgcarry.schema.catalog.SourceTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a migration's change topics before its connectors start, as Connect would create them
 * (one partition, the broker's replication factor, room for full-load records). The sink subscribes
 * by pattern: a topic that appears later is seen at its consumer's next metadata refresh and costs
 * a rebalance, which measured several seconds before the first full-load record was applied ({@code
 * pgcarry bench}). Topics whose names Debezium would change (characters Kafka does not allow) are
 * left to Connect, and so is every topic when pgcarry's own client may not create topics (a cluster
 * whose ACLs give {@code Create} to the workers only). Idempotent.
 */
public final class ChangeTopics {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeTopics.class);

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private ChangeTopics() {}

  /**
   * Creates the topics of the tables that do not exist yet.
   *
   * @param client the settings of pgcarry's Kafka client of the cluster, bootstrap servers included
   * @throws IllegalStateException naming the topics when the cluster refuses them
   */
  public static void create(MigrationSpec spec, Properties client, List<SourceTable> tables)
      throws InterruptedException {
    Properties props = new Properties();
    props.putAll(client);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pgcarry-" + spec.name() + "-topics");
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          tables.stream()
              .map(t -> spec.topicPrefix() + "." + t.id().schema() + "." + t.id().table())
              .filter(name -> LEGAL.matcher(name).matches() && !existing.contains(name))
              .map(ChangeTopics::topic)
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        LOG.info(
            "Migration {}: may not create its change topics ({}); the source connector creates"
                + " them",
            spec.name(),
            e.getCause().getMessage());
        return;
      }
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create the change topics of migration " + spec.name() + ": " + e.getCause(),
            e.getCause());
      }
    }
  }

  private static NewTopic topic(String name) {
    return new NewTopic(name, Optional.of(1), Optional.empty())
        .configs(Map.of("max.message.bytes", ConnectorConfigs.MAX_MESSAGE_BYTES));
  }
}
