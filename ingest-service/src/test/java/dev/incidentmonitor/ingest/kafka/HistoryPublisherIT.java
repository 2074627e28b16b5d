package dev.incidentmonitor.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.history.HistoryImporter;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.testkit.IncidentMonitorStack;
import dev.incidentmonitor.testkit.WithKafka;
import dev.incidentmonitor.testkit.WithSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** History import on the real broker and registry: everything once, and nothing new the second time. */
@WithKafka
@WithSchemaRegistry
class HistoryPublisherIT {

    private IncidentMonitorStack stack;
    private IngestTopics topics;

    @BeforeEach
    void createTopics(final IncidentMonitorStack stack) {
        this.stack = stack;
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        topics = new IngestTopics("updates-" + suffix, "changes-" + suffix, "progress-" + suffix, 3, (short) 1);
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            topics.ensureExist(admin);
        }
    }

    @Test
    void shouldPublishNothingNewWhenTheSameDatasetIsImportedTwice() throws Exception {
        final ImportResult result = new HistoryImporter().importDirectory(Path.of("src/test/resources/history/raw"));
        final int updates = result.incidents().values().stream()
                .flatMap(List::stream)
                .mapToInt(incident -> incident.updates().size())
                .sum();
        final List<String> lines = new ArrayList<>();

        final HistoryPublisher.Outcome first = publisher().publish(result, lines::add);
        final HistoryPublisher.Outcome second = publisher().publish(result, lines::add);

        assertThat(first.incidentUpdates()).isEqualTo(updates).isPositive();
        assertThat(first.componentChanges())
                .isEqualTo(result.statusChanges().size())
                .isPositive();
        assertThat(second.incidentUpdates()).isZero();
        assertThat(second.componentChanges()).isZero();
        assertThat(second.alreadyPublishedBefore()).isPositive();
        awaitRecordCount(topics.incidentUpdates(), updates);
        awaitRecordCount(topics.componentStatusChanges(), result.statusChanges().size());
        assertThat(lines).hasSize(1);
    }

    @Test
    void shouldPublishEveryUpdateOfTheStudyWhenTheSharedDatasetIsImported() throws Exception {
        final String shared = System.getProperty("incident-monitor.shared.dir", "");
        Assumptions.assumeTrue(
                !shared.isBlank(),
                "shared dataset not configured: run with -Dincident-monitor.shared.dir=../shared (CI sets it)");
        final Path raw = Path.of(shared, "datasets", "llm-service-analysis", "data", "raw");
        assertThat(raw).as("the shared dataset").isDirectory();
        final ImportResult result = new HistoryImporter().importDirectory(raw);

        final HistoryPublisher.Outcome outcome = publisher().publish(result, line -> {});

        assertThat(result.incidentCount()).isEqualTo(542);
        assertThat(outcome.incidentUpdates()).isEqualTo(1_754);
        assertThat(outcome.componentChanges()).isEqualTo(result.statusChanges().size());
        awaitRecordCount(topics.incidentUpdates(), 1_754);
        assertThat(Files.isDirectory(raw)).isTrue();
    }

    private HistoryPublisher publisher() {
        final Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        return new HistoryPublisher(config, topics);
    }

    /** Commit markers land just after the commit returns, so committed records become readable shortly after. */
    private void awaitRecordCount(final String topic, final long expected) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(stack.committedRecordCount(topic)).isEqualTo(expected));
    }
}
