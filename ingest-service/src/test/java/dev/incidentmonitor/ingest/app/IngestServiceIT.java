package dev.incidentmonitor.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.ingest.simulator.Misbehaviour;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.ingest.simulator.StatusPageSimulator;
import dev.incidentmonitor.observability.MetricsServer;
import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.testkit.IncidentMonitorStack;
import dev.incidentmonitor.testkit.WithKafka;
import dev.incidentmonitor.testkit.WithSchemaRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The whole ingest path on real HTTP, a real broker and the real registry: simulated pages, polled, published, read
 * back; a restart in the middle publishes nothing twice; a dead page is source health, not an outage.
 */
@WithKafka
@WithSchemaRegistry
class IngestServiceIT {

    @Test
    void shouldPublishOnceAcrossRestartAndReportDeadSourceWhenPolledOverHttp(final IncidentMonitorStack stack)
            throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final IngestTopics topics =
                new IngestTopics("updates-" + suffix, "changes-" + suffix, "progress-" + suffix, 2, (short) 1);
        final Map<String, Object> kafka = new HashMap<>(stack.kafkaClientConfig());
        kafka.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());

        try (StatusPageSimulator simulator = StatusPageSimulator.start(SimulatorConfig.generate(3, 11L))) {
            simulator.clock().pin();
            final ProviderCatalog catalog = ProviderCatalog.parse(simulator.providersYaml(Duration.ofSeconds(5)), "it");
            final IngestService.Settings settings = new IngestService.Settings(
                    catalog, kafka, topics, "group-" + suffix, "it-" + suffix, EventSource.SIMULATOR);

            final long updatesAfterFirstRound;
            final long changesAfterFirstRound;
            try (IngestService first = IngestService.start(settings, Registries.prometheus("ingest-service", "it"))) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> stack.committedRecordCount(topics.componentStatusChanges()) >= 3);
                // Let a second round of polls find nothing new, then take the counts.
                Awaitility.await()
                        .pollDelay(Duration.ofSeconds(12))
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> true);
                assertThat(first.isReady()).isTrue();
                updatesAfterFirstRound = stack.committedRecordCount(topics.incidentUpdates());
                changesAfterFirstRound = stack.committedRecordCount(topics.componentStatusChanges());
            }
            assertThat(updatesAfterFirstRound)
                    .as("30 simulated days of history")
                    .isPositive();

            final PrometheusMeterRegistry registry = Registries.prometheus("ingest-service", "it");
            try (IngestService second = IngestService.start(settings, registry);
                    MetricsServer metrics =
                            MetricsServer.start("127.0.0.1", 0, registry, () -> true, second::isReady)) {
                // After the restart every page is parsed afresh and compared with the restored progress.
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> scrape(metrics)
                        .contains("outcome=\"changed\",provider=\"sim-p-3\""));
                Awaitility.await()
                        .pollDelay(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> true);
                assertThat(stack.committedRecordCount(topics.incidentUpdates())).isEqualTo(updatesAfterFirstRound);
                assertThat(stack.committedRecordCount(topics.componentStatusChanges()))
                        .isEqualTo(changesAfterFirstRound);

                simulator.misbehave("p-1", Misbehaviour.PAGE_INACTIVE, 1_000);
                simulator.clock().advance(Duration.ofDays(20));

                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> stack.committedRecordCount(topics.incidentUpdates()) > updatesAfterFirstRound);
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(scrape(metrics))
                        .contains("incident_monitor_source_up{application=\"ingest-service\",instance=\"it\","
                                + "provider=\"sim-p-1\"} 0.0")
                        .contains("outcome=\"http_4xx\",provider=\"sim-p-1\""));
                assertThat(get(metrics, "/health/ready")).isEqualTo(200);
            }
        }
    }

    private static String scrape(final MetricsServer metrics) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int get(final MetricsServer metrics, final String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
