package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.Ports;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams-app of a local run on a real broker and registry: when an error shuts its client down, {@code up} is
 * told why (and stops), rather than running on half alive; a deliberate close tells nobody.
 */
class LocalStreamsIT {

    @Test
    void shouldTellWhyWhenAnErrorStopsTheClientButNotWhenItIsClosed(@TempDir Path dataDir) throws Exception {
        final Path home = EmbeddedSchemaRegistry.defaultHome();
        assumeTrue(Files.isDirectory(home), () -> "schema registry not built: " + home + " does not exist");
        try (LocalStack stack = LocalStack.start(
                dataDir.resolve("stack"), Ports.freePort("127.0.0.1"), Ports.freePort("127.0.0.1"), home)) {
            final Map<String, Object> client = Map.of(
                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());

            final CompletableFuture<String> closed = new CompletableFuture<>();
            try (LocalStreams streams = LocalStreams.start(client, dataDir.resolve("closed"), "it-closed", 0)) {
                streams.whenStoppedUnexpectedly(closed::complete);
                awaitRunning(streams);
            }
            Thread.sleep(500); // give a wrong call the time to happen
            assertThat(closed).as("a deliberate close tells nobody").isNotDone();

            final Map<String, Object> failing = new java.util.HashMap<>(client);
            failing.put(StreamsAppConfig.PROCESSING_ERRORS, StreamsAppConfig.ERRORS_FAIL);
            failing.put("application.id", "incident-monitor-streams-it-failing");
            try (LocalStreams streams = LocalStreams.start(failing, dataDir.resolve("failing"), "it-failing", 0)) {
                final CompletableFuture<String> reason = new CompletableFuture<>();
                streams.whenStoppedUnexpectedly(reason::complete);
                awaitRunning(streams);

                // keyed by another component than its value names: the processor refuses it, and with
                // app.processing.errors=fail the client shuts down
                produce(stack, client, "acme:wrong-key", change());

                assertThat(reason.get(120, TimeUnit.SECONDS))
                        .contains("state ERROR")
                        .contains("belongs to 'acme:api'");
            }
        }
    }

    private static ComponentStatusChange change() {
        final Instant at = Instant.parse("2024-06-04T07:00:00Z");
        return ComponentStatusChange.newBuilder()
                .setProvider("acme")
                .setComponentId("api")
                .setName("API")
                .setGroupName(null)
                .setOldStatus(null)
                .setNewStatus(dev.incidentmonitor.schema.ComponentStatus.MAJOR_OUTAGE)
                .setEventTime(at)
                .setObservedTime(at)
                .setSource(dev.incidentmonitor.schema.EventSource.SIMULATOR)
                .build();
    }

    private static void produce(
            final LocalStack stack,
            final Map<String, Object> client,
            final String key,
            final ComponentStatusChange value)
            throws Exception {
        final Serializer<ComponentStatusChange> values = SpecificAvroSerde.configured(
                        ComponentStatusChange.class,
                        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()),
                        false)
                .serializer();
        try (KafkaProducer<String, ComponentStatusChange> producer =
                new KafkaProducer<>(Map.copyOf(client), new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>("component-status-changes", key, value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitRunning(final LocalStreams streams) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.app().state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("streams-app running within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
