package dev.incidentmonitor.streams.topology;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.serde.InMemorySchemaRegistryClient;
import dev.incidentmonitor.streams.TestData;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.processor.Processors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The live topology on a {@link TopologyTestDriver} with a fresh in-memory registry scope. */
final class TopologyHarness implements AutoCloseable {

    final StreamsAppConfig config;
    final StreamsTopics topics;
    final TopologyTestDriver driver;
    final TestInputTopic<String, IncidentUpdate> updates;
    final TestOutputTopic<String, IncidentState> incidents;
    final TestOutputTopic<String, IncidentEvent> events;
    final TestOutputTopic<String, ServiceReliability> reliability;
    final TestInputTopic<String, ComponentStatusChange> componentChanges;
    final TestOutputTopic<String, DailyAvailability> daily;
    final TestOutputTopic<String, ServiceCooccurrence> cooccurrence;
    private final String scope;
    private final Map<String, IncidentState> seenIncidents = new LinkedHashMap<>();
    private final Map<String, ServiceReliability> seenReliability = new LinkedHashMap<>();
    private final Path stateDir;

    TopologyHarness(final Instant wallClock) {
        this(wallClock, Map.of());
    }

    TopologyHarness(final Instant wallClock, final Map<String, Object> overrides) {
        scope = "topology-" + UUID.randomUUID();
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "unused:9092");
        settings.put("schema.registry.url", InMemorySchemaRegistryClient.MOCK_URL_PREFIX + scope);
        settings.put("application.id", "topology-test");
        // Own state directory: the default /tmp/kafka-streams/<application.id> is shared by every test JVM on the
        // machine, and a concurrent build holding its RocksDB lock would fail this one.
        stateDir = stateDirectory(scope);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.putAll(overrides);
        config = new StreamsAppConfig(settings);
        topics = StreamsTopics.from(config);
        driver = new TopologyTestDriver(IncidentTopology.build(config, topics), config.kafkaProperties(), wallClock);
        updates = driver.createInputTopic(
                topics.incidentUpdates().name(),
                topics.incidentUpdates().keySerde().serializer(),
                topics.incidentUpdates().valueSerde().serializer());
        incidents = driver.createOutputTopic(
                topics.incidents().name(),
                topics.incidents().keySerde().deserializer(),
                topics.incidents().valueSerde().deserializer());
        events = driver.createOutputTopic(
                topics.incidentEvents().name(),
                topics.incidentEvents().keySerde().deserializer(),
                topics.incidentEvents().valueSerde().deserializer());
        reliability = driver.createOutputTopic(
                topics.serviceReliability().name(),
                topics.serviceReliability().keySerde().deserializer(),
                topics.serviceReliability().valueSerde().deserializer());
        componentChanges = driver.createInputTopic(
                topics.componentChanges().name(),
                topics.componentChanges().keySerde().serializer(),
                topics.componentChanges().valueSerde().serializer());
        daily = driver.createOutputTopic(
                topics.dailyAvailability().name(),
                topics.dailyAvailability().keySerde().deserializer(),
                topics.dailyAvailability().valueSerde().deserializer());
        cooccurrence = driver.createOutputTopic(
                topics.cooccurrence().name(),
                topics.cooccurrence().keySerde().deserializer(),
                topics.cooccurrence().valueSerde().deserializer());
    }

    private static Path stateDirectory(final String scope) {
        try {
            return Files.createTempDirectory(scope).toAbsolutePath();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void pipe(final ComponentStatusChange change) {
        componentChanges.pipeInput(change.getProvider() + ":" + change.getComponentId(), change, change.getEventTime());
    }

    void pipe(final IncidentUpdate update) {
        updates.pipeInput(TestData.key(update), update, update.getDisplayTime());
    }

    void pipeAll(final List<IncidentUpdate> all) {
        all.forEach(this::pipe);
    }

    /**
     * The latest state per incident key, as a compacted topic would keep it: what this method read before, updated
     * with every record written since (records read directly from {@link #incidents} are not seen here).
     */
    Map<String, IncidentState> latestIncidents() {
        seenIncidents.putAll(incidents.readKeyValuesToMap());
        return new LinkedHashMap<>(seenIncidents);
    }

    /** The latest reliability per service key, accumulated like {@link #latestIncidents()}. */
    Map<String, ServiceReliability> latestReliability() {
        publishReliability();
        seenReliability.putAll(reliability.readKeyValuesToMap());
        return new LinkedHashMap<>(seenReliability);
    }

    /**
     * Moves the wall clock by the longest a changed service waits for its publication, so the reliability processor
     * publishes every service whose figures changed since its last tick (nothing moves when the interval is zero:
     * every change is published at once).
     */
    void publishReliability() {
        driver.advanceWallClockTime(Processors.latestReliabilityPublication(config));
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(scope);
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
