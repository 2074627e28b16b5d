package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.serde.InMemorySchemaRegistryClient;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.processor.Processors;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import dev.incidentmonitor.streams.topology.StreamsTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays {@code incident-updates} records through the live topology ({@link IncidentTopology#build}) on a
 * {@link TopologyTestDriver}, without a broker, and reads the report off its output topics: the latest {@code
 * service-reliability} record per service (its all-time window) and the latest {@code incidents} state per incident
 * (its status combination). There is no second implementation of the maths: what the report says is what the
 * running app would publish for the same input.
 *
 * <p>Settings that differ from the live app, and why:
 *
 * <ul>
 *   <li>{@code app.incident.retention.ms} and {@code app.incident.cleanup.interval.ms} are a century. The live app
 *       drops an incident 30 days (stream time) after it closed, because by then no update comes; a replay pushes
 *       stream time to the end of the data as soon as one late record is piped, and an incident dropped early would
 *       come back from its next update with that update only.
 *   <li>{@code app.reliability.stream-time.interval.ms} is a century too. That punctuator re-publishes a service
 *       whose 7-, 30- or 90-day windows moved only because time passed; the report reads the all-time window, which
 *       time alone never changes, and re-publishing every service at each hour of replayed time cost a third of the
 *       replay.
 *   <li>Stores are in memory ({@code dsl.store.suppliers.class}) and write no changelog ({@code
 *       app.state.changelog.enabled=false}): a replay never restarts, and RocksDB's flush after every record the test
 *       driver pipes, and the driver's handling of each changelog record, were most of the run.
 *   <li>{@code app.processing.errors=fail}: a record that fails is a bug to see, not a dead letter that silently
 *       leaves a figure out of the report.
 *   <li>The driver's wall clock starts 1 ms after the last record and never moves, so no wall-clock punctuation
 *       runs: the figures depend on the data only.
 * </ul>
 *
 * Each run uses its own in-memory registry scope ({@code mock://report-<uuid>}) and a temporary state directory,
 * both removed afterwards.
 */
public final class ReportRunner {

    /** The replay's application id (it names the state directory's task folders only). */
    public static final String APPLICATION_ID = "incident-monitor-report";

    /** Key of the status-combination count of incidents with no stage marker at all. */
    public static final String NO_MARKER = "none";

    private static final Logger LOG = LoggerFactory.getLogger(ReportRunner.class);

    private static final Duration CENTURY = Duration.ofDays(36_525);

    private ReportRunner() {}

    /**
     * Replays {@code events} in the given order and reports what the topology published.
     *
     * @param events records of {@code incident-updates}, in any order
     * @throws org.apache.kafka.streams.errors.StreamsException when the topology fails on a record
     */
    public static DatasetReport replay(final Collection<ReplayEvent> events) {
        return replay(events, List.of(), null);
    }

    /**
     * Replays incident updates and component status changes in the given order, lets every local day before {@code
     * until} end and become final, and reports what the topology published, availability included.
     *
     * @param events records of {@code incident-updates}, in any order
     * @param changes records of {@code component-status-changes}, in any order
     * @param until the end of the data: days from then on are not reported; null for no availability section
     * @throws org.apache.kafka.streams.errors.StreamsException when the topology fails on a record
     */
    public static DatasetReport replay(
            final Collection<ReplayEvent> events, final Collection<ReplayChange> changes, final Instant until) {
        final String scope = "report-" + UUID.randomUUID();
        final Path stateDir = createStateDir();
        try {
            return replay(events, changes, until, scope, stateDir);
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
            deleteRecursively(stateDir);
        }
    }

    private static DatasetReport replay(
            final Collection<ReplayEvent> events,
            final Collection<ReplayChange> changes,
            final Instant until,
            final String scope,
            final Path stateDir) {
        final StreamsAppConfig config = new StreamsAppConfig(settings(scope, stateDir));
        final StreamsTopics topics = StreamsTopics.from(config);
        final Instant lastEvent = java.util.stream.Stream.concat(
                        events.stream().map(ReplayEvent::timestamp),
                        changes.stream().map(ReplayChange::timestamp))
                .max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        // The wall clock stands still while records are piped (no wall-clock punctuation runs). At the end it moves to
        // exactly `until`, so every day before it ends and, with no grace, is final; a second step lets the
        // co-occurrence task see those days.
        final Instant start = until != null && until.isAfter(lastEvent.plusSeconds(1))
                ? until.minusSeconds(1)
                : lastEvent.plusMillis(1);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(IncidentTopology.build(config, topics), config.kafkaProperties(), start)) {
            final TestInputTopic<String, IncidentUpdate> input = driver.createInputTopic(
                    topics.incidentUpdates().name(),
                    topics.incidentUpdates().keySerde().serializer(),
                    topics.incidentUpdates().valueSerde().serializer());
            final TestInputTopic<String, ComponentStatusChange> changeInput = driver.createInputTopic(
                    topics.componentChanges().name(),
                    topics.componentChanges().keySerde().serializer(),
                    topics.componentChanges().valueSerde().serializer());
            // The test driver runs the whole topology as one task with one stream time, so both inputs go in merged
            // by timestamp, as two topics replayed together would arrive; piping all incident updates first would
            // put stream time at the end of the data before the first status change, and every change would then
            // publish its status on every day up to there.
            final java.util.Iterator<ReplayEvent> e = events.iterator();
            final java.util.Iterator<ReplayChange> c = sortedByTime(changes).iterator();
            ReplayEvent nextEvent = e.hasNext() ? e.next() : null;
            ReplayChange nextChange = c.hasNext() ? c.next() : null;
            while (nextEvent != null || nextChange != null) {
                if (nextChange == null
                        || (nextEvent != null && !nextEvent.timestamp().isAfter(nextChange.timestamp()))) {
                    input.pipeInput(nextEvent.key(), nextEvent.value(), nextEvent.timestamp());
                    nextEvent = e.hasNext() ? e.next() : null;
                } else {
                    changeInput.pipeInput(nextChange.key(), nextChange.value(), nextChange.timestamp());
                    nextChange = c.hasNext() ? c.next() : null;
                }
            }
            // Moving the wall clock also runs the reliability processor's emit tick (every
            // app.reliability.emit.interval.ms, 100 ms here), which publishes each service's latest figures within
            // Processors.latestReliabilityPublication.
            if (until != null) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            } else {
                driver.advanceWallClockTime(Processors.latestReliabilityPublication(config));
            }
            final Map<String, IncidentState> incidents = driver.createOutputTopic(
                            topics.incidents().name(),
                            topics.incidents().keySerde().deserializer(),
                            topics.incidents().valueSerde().deserializer())
                    .readKeyValuesToMap();
            final Map<String, ServiceReliability> reliability = driver.createOutputTopic(
                            topics.serviceReliability().name(),
                            topics.serviceReliability().keySerde().deserializer(),
                            topics.serviceReliability().valueSerde().deserializer())
                    .readKeyValuesToMap();
            final DatasetReport report = report(incidents.values(), reliability.values());
            if (until == null) {
                return report;
            }
            final Map<String, DailyAvailability> days = driver.createOutputTopic(
                            topics.dailyAvailability().name(),
                            topics.dailyAvailability().keySerde().deserializer(),
                            topics.dailyAvailability().valueSerde().deserializer())
                    .readKeyValuesToMap();
            final Map<String, ServiceCooccurrence> pairs = driver.createOutputTopic(
                            topics.cooccurrence().name(),
                            topics.cooccurrence().keySerde().deserializer(),
                            topics.cooccurrence().valueSerde().deserializer())
                    .readKeyValuesToMap();
            return AvailabilitySection.add(report, incidents.values(), days.values(), pairs.values(), until);
        }
    }

    private static List<ReplayChange> sortedByTime(final Collection<ReplayChange> changes) {
        final List<ReplayChange> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparing(ReplayChange::timestamp));
        return sorted;
    }

    /** The report of the latest published states (null values, tombstones, are skipped). */
    static DatasetReport report(
            final Collection<IncidentState> incidents, final Collection<ServiceReliability> reliability) {
        final List<ServiceReport> services = new ArrayList<>();
        final List<ServiceReport> providers = new ArrayList<>();
        for (final ServiceReliability r : reliability) {
            if (r == null) {
                continue;
            }
            final ServiceReport row = ServiceReport.allTime(r);
            (row.providerScope() ? providers : services).add(row);
        }
        final Map<String, Integer> combinations = new TreeMap<>();
        for (final IncidentState state : incidents) {
            if (state == null || state.getMaintenance()) {
                continue;
            }
            final String combination = state.getStatusCombination();
            combinations.merge(combination.isEmpty() ? NO_MARKER : combination, 1, Integer::sum);
        }
        return DatasetReport.of(services, providers, combinations);
    }

    @SuppressWarnings("deprecation")
    private static Map<String, Object> settings(final String scope, final Path stateDir) {
        final Map<String, Object> settings = new HashMap<>();
        // Required by StreamsConfig; the test driver never connects.
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        settings.put("schema.registry.url", InMemorySchemaRegistryClient.MOCK_URL_PREFIX + scope);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName());
        settings.put(StreamsAppConfig.STATE_CHANGELOG, false);
        settings.put(StreamsAppConfig.INCIDENT_RETENTION_MS, CENTURY.toMillis());
        settings.put(StreamsAppConfig.INCIDENT_CLEANUP_INTERVAL_MS, CENTURY.toMillis());
        settings.put(StreamsAppConfig.RELIABILITY_STREAM_TIME_INTERVAL_MS, CENTURY.toMillis());
        settings.put(StreamsAppConfig.PROCESSING_ERRORS, StreamsAppConfig.ERRORS_FAIL);
        // The report's days end when the data ends: no grace, and punctuation as soon as the clock moves.
        settings.put(StreamsAppConfig.AVAILABILITY_GRACE_MS, 0L);
        settings.put(StreamsAppConfig.RELIABILITY_WALL_CLOCK_INTERVAL_MS, 100L);
        // Each service's final figures are published at the first step of the wall clock after the replay.
        settings.put(StreamsAppConfig.RELIABILITY_EMIT_INTERVAL_MS, 100L);
        // Deprecated only because it becomes the default in Kafka 5.0; without it Streams warns at every start. The
        // topology has no global store, so it changes nothing else.
        settings.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return settings;
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("incident-monitor-report-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory for the report: " + e, e);
        }
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException | UncheckedIOException e) {
            // Not worth failing a finished report over (nor hiding the failure of one): say what is left behind.
            LOG.warn("could not delete the report's temporary state directory {}: {}", dir, e.toString());
        }
    }
}
