package dev.incidentmonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.app.IngestService;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.ingest.simulator.StatusPageSimulator;
import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.schema.DeadLetter;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.FailureStage;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.serde.AvroDeserializer;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.serde.AvroSerializer;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams-app end to end on the real broker and registry: simulated status pages polled over HTTP by the
 * ingest-service, the topology turning them into incident state and reliability, the figures on the metrics
 * endpoint; then bad input (unreadable bytes, a record the state machine rejects) going to the dead-letter topic
 * while the app keeps running.
 */
@WithKafka
@WithSchemaRegistry
class StreamsAppIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldPublishStateReliabilityAndMetricsWhenIngestFeedsTheTopology(
            final IncidentMonitorStack stack, @TempDir final Path stateDir) throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final IngestTopics ingestTopics =
                new IngestTopics("updates-" + suffix, "changes-" + suffix, "progress-" + suffix, 2, (short) 1);
        final Map<String, Object> kafka = new HashMap<>(stack.kafkaClientConfig());
        kafka.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        final Map<String, Object> withChanges = new HashMap<>(kafka);
        withChanges.put(StreamsAppConfig.COMPONENT_CHANGES_TOPIC, ingestTopics.componentStatusChanges());
        final StreamsAppConfig config = streamsConfig(withChanges, suffix, ingestTopics.incidentUpdates(), stateDir);

        try (StatusPageSimulator simulator = StatusPageSimulator.start(SimulatorConfig.generate(3, 7L));
                StreamsApp app = StreamsApp.start(config, Registries.prometheus("streams-app", "it"))) {
            simulator.clock().pin();
            final ProviderCatalog catalog = ProviderCatalog.parse(simulator.providersYaml(Duration.ofSeconds(5)), "it");
            try (IngestService ingest = IngestService.start(
                    new IngestService.Settings(
                            catalog, kafka, ingestTopics, "group-" + suffix, "it-" + suffix, EventSource.SIMULATOR),
                    Registries.prometheus("ingest-service", "it"))) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(ingest::isReady);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> stack.committedRecordCount(ingestTopics.incidentUpdates()) > 0);
                final long published = stack.committedRecordCount(ingestTopics.incidentUpdates());

                Awaitility.await()
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> stack.committedRecordCount(topic(config, StreamsAppConfig.INCIDENTS_TOPIC)) > 0
                                && stack.committedRecordCount(topic(config, StreamsAppConfig.SERVICE_RELIABILITY_TOPIC))
                                        > 0);
                assertThat(published).isPositive();

                final Map<String, IncidentState> incidents =
                        latest(stack, config, StreamsAppConfig.INCIDENTS_TOPIC, IncidentState.class);
                assertThat(incidents.values())
                        .allSatisfy(state -> assertThat(state.getProvider()).startsWith("sim-p-"))
                        .anySatisfy(state -> assertThat(state.getStartTime()).isNotNull());
                // Publications are spread over the emit interval, so the provider scope may follow its services.
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    final Map<String, ServiceReliability> reliability =
                            latest(stack, config, StreamsAppConfig.SERVICE_RELIABILITY_TOPIC, ServiceReliability.class);
                    assertThat(reliability.keySet())
                            .anySatisfy(key -> assertThat(key).endsWith(":*"));
                });

                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    final String metrics = get(app.metricsPort(), "/metrics");
                    assertThat(metrics)
                            .contains("incident_monitor_streams_state{application=\"streams-app\",instance=\"it\","
                                    + "state=\"running\"} 1.0")
                            .contains("incident_monitor_window_incidents{")
                            .contains("incident_monitor_mttr_seconds{")
                            // A time to resolve implies a resolved incident, so its latest resolution is shown.
                            .contains("incident_monitor_last_incident_resolved_timestamp_seconds{")
                            .contains("scope=\"provider\",service=\"*\"")
                            .contains("incident_monitor_availability_ratio{")
                            .contains("incident_monitor_component_status{")
                            .contains("incident_monitor_scaled_outage_seconds_total{")
                            .contains("kafka_stream_");
                });
                assertThat(get(app.metricsPort(), "/health/ready")).isEqualTo("UP\n");
            }
        }
    }

    @Test
    void shouldSendBadRecordsToDeadLetterTopicAndKeepRunningWhenInputIsBroken(
            final IncidentMonitorStack stack, @TempDir final Path stateDir) throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final Map<String, Object> kafka = new HashMap<>(stack.kafkaClientConfig());
        kafka.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        final String input = "updates-" + suffix;
        final StreamsAppConfig config = streamsConfig(kafka, suffix, input, stateDir);

        try (StreamsApp app = StreamsApp.start(config, Registries.prometheus("streams-app", "it"))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            final IncidentUpdate good = TestData.update(
                            "acme", "inc-1", "u-1", IncidentStatus.INVESTIGATING, "2024-05-01T10:00:00Z")
                    .build();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
                final AvroSerializer<IncidentUpdate> serializer = new AvroSerializer<>();
                serializer.configure(kafka, false);
                producer.send(new ProducerRecord<>(input, "acme:garbage", "not avro".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(input, "acme:other-incident", serializer.serialize(input, good)));
                producer.send(new ProducerRecord<>(input, "acme:inc-1", serializer.serialize(input, good)));
                producer.flush();
            }

            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> stack.committedRecordCount(topic(config, StreamsAppConfig.DEAD_LETTER_TOPIC)) >= 2
                            && stack.committedRecordCount(topic(config, StreamsAppConfig.INCIDENTS_TOPIC)) >= 1);
            final List<DeadLetter> letters =
                    new ArrayList<>(latestAll(stack, config, StreamsAppConfig.DEAD_LETTER_TOPIC, DeadLetter.class));
            assertThat(letters).hasSize(2);
            assertThat(letters)
                    .anySatisfy(letter -> {
                        assertThat(letter.getStage()).isEqualTo(FailureStage.DESERIALIZATION);
                        assertThat(letter.getSourceTopic()).isEqualTo(input);
                        assertThat(letter.getSourceOffset()).isNotNull();
                        assertThat(StandardCharsets.UTF_8
                                        .decode(letter.getRawValue())
                                        .toString())
                                .isEqualTo("not avro");
                        assertThat(StandardCharsets.UTF_8
                                        .decode(letter.getRawKey())
                                        .toString())
                                .isEqualTo("acme:garbage");
                    })
                    .anySatisfy(letter -> {
                        assertThat(letter.getStage()).isEqualTo(FailureStage.PROCESSING);
                        assertThat(letter.getProcessorNode()).isEqualTo("apply-incident-update");
                        assertThat(letter.getTaskId()).isNotNull();
                        assertThat(letter.getExceptionMessage()).contains("acme:other-incident");
                        assertThat(letter.getApplicationId()).isEqualTo(config.applicationId());
                    });
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(latest(stack, config, StreamsAppConfig.INCIDENTS_TOPIC, IncidentState.class))
                    .containsOnlyKeys("acme:inc-1");
            final String metrics = get(app.metricsPort(), "/metrics");
            assertThat(metrics)
                    .contains("incident_monitor_dead_letters_total{application=\"streams-app\",instance=\"it\","
                            + "stage=\"deserialization\"} 1.0")
                    .contains("incident_monitor_dead_letters_total{application=\"streams-app\",instance=\"it\","
                            + "stage=\"processing\"} 1.0");
        }
    }

    private static StreamsAppConfig streamsConfig(
            final Map<String, Object> kafka, final String suffix, final String input, final Path stateDir)
            throws Exception {
        final Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-it-" + suffix);
        settings.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir).toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        settings.put(StreamsAppConfig.INCIDENT_UPDATES_TOPIC, input);
        settings.put(StreamsAppConfig.INCIDENTS_TOPIC, "incidents-" + suffix);
        settings.put(StreamsAppConfig.INCIDENT_EVENTS_TOPIC, "incident-events-" + suffix);
        settings.put(StreamsAppConfig.SERVICE_RELIABILITY_TOPIC, "service-reliability-" + suffix);
        settings.put(StreamsAppConfig.DEAD_LETTER_TOPIC, "dlq-" + suffix);
        settings.putIfAbsent(StreamsAppConfig.COMPONENT_CHANGES_TOPIC, "changes-" + suffix);
        settings.put(StreamsAppConfig.DAILY_AVAILABILITY_TOPIC, "daily-" + suffix);
        settings.put(StreamsAppConfig.COOCCURRENCE_TOPIC, "cooccurrence-" + suffix);
        settings.put(StreamsAppConfig.TOPIC_PARTITIONS, 2);
        settings.put(StreamsAppConfig.METRICS_PORT, 0);
        settings.put(StreamsAppConfig.RELIABILITY_WALL_CLOCK_INTERVAL_MS, 1000L);
        return new StreamsAppConfig(settings);
    }

    private static String topic(final StreamsAppConfig config, final String key) {
        return config.getString(key);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Map<String, T> latest(
            final IncidentMonitorStack stack,
            final StreamsAppConfig config,
            final String topicKey,
            final Class<T> type) {
        final Map<String, T> latest = new HashMap<>();
        for (final ConsumerRecord<String, T> record : readAll(stack, config, topicKey, type)) {
            latest.put(record.key(), record.value());
        }
        return latest;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> latestAll(
            final IncidentMonitorStack stack,
            final StreamsAppConfig config,
            final String topicKey,
            final Class<T> type) {
        return readAll(stack, config, topicKey, type).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> readAll(
            final IncidentMonitorStack stack,
            final StreamsAppConfig config,
            final String topicKey,
            final Class<T> type) {
        final String topic = topic(config, topicKey);
        final Map<String, Object> consumerConfig = new HashMap<>(stack.kafkaClientConfig());
        consumerConfig.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        final AvroDeserializer<T> values = new AvroDeserializer<>(type);
        values.configure(consumerConfig, false);
        final long expected = stack.committedRecordCount(topic);
        final List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String get(final int port, final String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
