package io.pgcarry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class EmbeddedRuntimeIT {

  @Test
  void runsBrokerAndWorkerAndKeepsTopicsAcrossRestart() throws Exception {
    Path workDir = Files.createTempDirectory("pgcarry-runtime");
    try (EmbeddedRuntime runtime = EmbeddedRuntime.start(workDir, Map.of())) {
      assertThat(new ConnectClient(runtime.connectUrl()).connectors()).isEmpty();
      try (Admin admin = admin(runtime)) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
    }
    try (EmbeddedRuntime runtime = EmbeddedRuntime.start(workDir, Map.of());
        Admin admin = admin(runtime)) {
      assertThat(admin.listTopics().names().get()).contains("kept", "pgcarry-connect-offsets");
    }
  }

  private static Admin admin(EmbeddedRuntime runtime) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
    return Admin.create(props);
  }
}
