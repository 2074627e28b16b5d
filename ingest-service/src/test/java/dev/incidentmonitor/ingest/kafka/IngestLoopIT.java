package dev.incidentmonitor.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.events.ChangeDetector;
import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.AvroDeserializer;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.testkit.IncidentMonitorStack;
import dev.incidentmonitor.testkit.WithKafka;
import dev.incidentmonitor.testkit.WithSchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest-service's Kafka side on the real broker and registry: what a snapshot publishes, that nothing is
 * published twice across restarts, and that instances share providers without overlap.
 */
@WithKafka
@WithSchemaRegistry
class IngestLoopIT {

    private static final Instant T0 = Instant.parse("2026-09-15T10:00:00Z");

    private IncidentMonitorStack stack;
    private IngestTopics topics;
    private final List<IngestLoop> loops = new ArrayList<>();
    private KafkaConsumer<String, IncidentUpdate> updates;
    private KafkaConsumer<String, ComponentStatusChange> changes;

    @BeforeEach
    void createTopics(final IncidentMonitorStack stack) {
        this.stack = stack;
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        topics = new IngestTopics(
                "incident-updates-" + suffix, "component-status-changes-" + suffix, "progress-" + suffix, 3, (short) 1);
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            assertThat(topics.ensureExist(admin)).hasSize(3);
            assertThat(topics.ensureExist(admin)).isEmpty();
        }
        updates = consumer(IncidentUpdate.class, topics.incidentUpdates());
        changes = consumer(ComponentStatusChange.class, topics.componentStatusChanges());
    }

    @AfterEach
    void close() {
        loops.forEach(IngestLoop::close);
        updates.close();
        changes.close();
    }

    @Test
    void shouldPublishEachUpdateAndChangeOnceWhenSnapshotsRepeatAcrossRestart() {
        IngestLoop first = start("a");
        awaitOwned(first, "acme");

        first.submit("acme", snapshot(1), EventSource.POLL, () -> {});
        first.submit("acme", snapshot(1), EventSource.POLL, () -> {});
        final List<IncidentUpdate> afterFirst = drain(updates, 1);
        assertThat(afterFirst).extracting(IncidentUpdate::getStatus).containsExactly(IncidentStatus.INVESTIGATING);
        // The update's own transition of API, and the first polled status of each component.
        final List<ComponentStatusChange> firstChanges = drain(changes, 3);
        assertThat(firstChanges)
                .extracting(c ->
                        c.getComponentId() + ":" + c.getOldStatus() + "->" + c.getNewStatus() + ":" + c.getIncidentId())
                .containsExactlyInAnyOrder(
                        "api:OPERATIONAL->PARTIAL_OUTAGE:inc-1",
                        "api:null->PARTIAL_OUTAGE:null",
                        "web:null->OPERATIONAL:null");

        first.close();
        loops.remove(first);
        final IngestLoop second = start("a");
        awaitOwned(second, "acme");
        second.submit("acme", snapshot(1), EventSource.POLL, () -> {});
        second.submit("acme", snapshot(2), EventSource.POLL, () -> {});

        final List<IncidentUpdate> afterRestart = drain(updates, 1);
        assertThat(afterRestart).extracting(IncidentUpdate::getStatus).containsExactly(IncidentStatus.IDENTIFIED);
        assertThat(afterRestart.get(0).getIncidentComponents()).hasSize(1);
        assertThat(drain(changes, 1)).singleElement().satisfies(change -> {
            assertThat(change.getComponentId()).isEqualTo("api");
            assertThat(change.getOldStatus()).isEqualTo(ComponentStatus.PARTIAL_OUTAGE);
            assertThat(change.getNewStatus()).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
        });
        assertThat(drainRemaining(updates)).isEmpty();
    }

    @Test
    void shouldPublishWhenPagePostsATimeInTheFuture() {
        final IngestLoop loop = start("future");
        awaitOwned(loop, "acme");
        final Instant future = Instant.now().plus(Duration.ofDays(2));
        final UpdateSnapshot update = new UpdateSnapshot(
                "u-future", IncidentStatus.SCHEDULED, "Maintenance planned.", future, null, List.of());
        final PageSnapshot snapshot = new PageSnapshot(
                "acme",
                "page-acme",
                null,
                List.of(),
                List.of(new IncidentSnapshot(
                        "m-1", "Maintenance", Impact.MAINTENANCE, true, List.of(), null, null, null, List.of(update))),
                Instant.now(),
                List.of());

        loop.submit("acme", snapshot, EventSource.POLL, () -> {});

        final List<IncidentUpdate> published = drain(updates, 1);
        assertThat(published).singleElement().satisfies(u -> assertThat(u.getDisplayTime())
                .isEqualTo(future.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }

    @Test
    void shouldGiveEveryProviderToExactlyOneInstanceWhenTwoInstancesRun() {
        final IngestLoop a = start("one");
        final IngestLoop b = start("two");
        final List<String> providers = List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8");

        // Once both have joined, the three partitions are split between them without overlap.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> !a.ownedPartitions().isEmpty()
                        && !b.ownedPartitions().isEmpty()
                        && a.ownedPartitions().size() + b.ownedPartitions().size() == 3);
        assertThat(a.ownedPartitions()).doesNotContainAnyElementsOf(b.ownedPartitions());
        for (final String provider : providers) {
            assertThat(a.owns(provider) ^ b.owns(provider))
                    .as("%s owned by exactly one instance", provider)
                    .isTrue();
        }
    }

    @Test
    void shouldHandSnapshotBackWhenInstanceDoesNotOwnTheProvider() {
        final IngestLoop a = start("solo");
        awaitOwned(a, "acme");
        final IngestLoop b = start("late");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> (a.owns("acme") ^ b.owns("acme")) && a.isRestored() && b.isRestored());
        final IngestLoop notOwner = a.owns("acme") ? b : a;
        final AtomicInteger dropped = new AtomicInteger();

        notOwner.submit("acme", snapshot(1), EventSource.POLL, dropped::incrementAndGet);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dropped.get() == 1);
    }

    private IngestLoop start(final String instance) {
        final Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
        final IngestLoop loop = new IngestLoop(
                config,
                topics,
                "ingest-" + topics.progress(),
                instance + "-" + topics.progress(),
                new ChangeDetector(),
                new SimpleMeterRegistry());
        loop.start();
        loops.add(loop);
        return loop;
    }

    private static void awaitOwned(final IngestLoop loop, final String provider) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> loop.owns(provider) && loop.isRestored());
    }

    /** Stage 1: investigating, both components partial; stage 2 adds identified, API major. */
    private static PageSnapshot snapshot(final int stage) {
        final List<UpdateSnapshot> updates = new ArrayList<>();
        updates.add(new UpdateSnapshot(
                "u1",
                IncidentStatus.INVESTIGATING,
                "We are investigating elevated errors.",
                T0,
                T0,
                List.of(new ComponentChange(
                        "api", "API", ComponentStatus.OPERATIONAL, ComponentStatus.PARTIAL_OUTAGE))));
        ComponentStatus api = ComponentStatus.PARTIAL_OUTAGE;
        if (stage >= 2) {
            updates.add(new UpdateSnapshot(
                    "u2",
                    IncidentStatus.IDENTIFIED,
                    "The cause is known.",
                    T0.plusSeconds(600),
                    T0.plusSeconds(600),
                    List.of()));
            api = ComponentStatus.MAJOR_OUTAGE;
        }
        final IncidentSnapshot incident = new IncidentSnapshot(
                "inc-1",
                "Elevated errors",
                Impact.MAJOR,
                false,
                List.of(new ComponentRef("api", "API")),
                "https://status.acme.example/incidents/inc-1",
                T0,
                T0,
                updates);
        final List<ComponentSnapshot> components = List.of(
                new ComponentSnapshot("api", "API", null, api, T0),
                new ComponentSnapshot("web", "Web", null, ComponentStatus.OPERATIONAL, T0));
        return new PageSnapshot(
                "acme", "page-acme", null, components, List.of(incident), T0.plusSeconds(60L * stage), List.of());
    }

    private <T extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, T> consumer(
            final Class<T> type, final String topic) {
        final Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()), false);
        final KafkaConsumer<String, T> consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static <T> List<T> drain(final KafkaConsumer<String, T> consumer, final int expected) {
        final List<T> values = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            return values.size() >= expected;
        });
        return values;
    }

    private static <T> List<T> drainRemaining(final KafkaConsumer<String, T> consumer) {
        final List<T> values = new ArrayList<>();
        consumer.poll(Duration.ofSeconds(2)).forEach(r -> values.add(r.value()));
        return values;
    }
}
