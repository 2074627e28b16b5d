package dev.incidentmonitor.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.ingest.simulator.StatusPageSimulator;
import dev.incidentmonitor.testkit.IncidentMonitorStack;
import dev.incidentmonitor.testkit.WithKafka;
import dev.incidentmonitor.testkit.WithSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's entry point configured the way the image is, from {@code KAFKA_*} variables only: it
 * creates its topics as configured, polls the catalogue file it is given, publishes, and answers on its metrics port
 * with its instance id.
 */
@WithKafka
@WithSchemaRegistry
class IngestMainIT {

    @Test
    void shouldPollPublishAndServeMetricsWhenConfiguredFromTheEnvironment(
            final IncidentMonitorStack stack, @TempDir final Path dir) throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (StatusPageSimulator simulator = StatusPageSimulator.start(SimulatorConfig.generate(2, 5L))) {
            simulator.clock().pin();
            final Path catalog = dir.resolve("providers.yaml");
            Files.writeString(catalog, simulator.providersYaml(Duration.ofSeconds(5)), StandardCharsets.UTF_8);
            final Map<String, String> environment = Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    stack.bootstrapServers(),
                    "KAFKA_SCHEMA_REGISTRY_URL",
                    stack.schemaRegistryUrl(),
                    "KAFKA_APP_CATALOG",
                    catalog.toString(),
                    "KAFKA_APP_INSTANCE_ID",
                    "main-" + suffix,
                    "KAFKA_APP_GROUP_ID",
                    "main-group-" + suffix,
                    "KAFKA_APP_METRICS_PORT",
                    "0",
                    "KAFKA_APP_TOPIC_INCIDENT_UPDATES",
                    "main-updates-" + suffix,
                    "KAFKA_APP_TOPIC_COMPONENT_STATUS_CHANGES",
                    "main-changes-" + suffix,
                    "KAFKA_APP_TOPIC_PROGRESS",
                    "main-progress-" + suffix,
                    "KAFKA_APP_TOPIC_PARTITIONS",
                    "3");

            try (IngestMain main = IngestMain.start(IngestConfig.load(null, environment))) {
                try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
                    assertThat(admin.describeTopics(java.util.List.of("main-updates-" + suffix))
                                    .allTopicNames()
                                    .get()
                                    .get("main-updates-" + suffix)
                                    .partitions())
                            .hasSize(3);
                }
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> stack.committedRecordCount("main-changes-" + suffix) >= 2);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> get(main.metricsPort(), "/health/ready").statusCode() == 200);
                assertThat(get(main.metricsPort(), "/metrics").body())
                        .contains("instance=\"main-" + suffix + "\"")
                        .contains("incident_monitor_source_up{application=\"ingest-service\"");
            }
        }
    }

    private static HttpResponse<String> get(final int port, final String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
