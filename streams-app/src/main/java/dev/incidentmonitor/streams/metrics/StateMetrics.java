package dev.incidentmonitor.streams.metrics;

import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ImpactRangeCount;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.domain.Lifecycle;
import dev.incidentmonitor.streams.domain.Reliability;
import dev.incidentmonitor.streams.domain.Summary;
import dev.incidentmonitor.streams.domain.Window;
import dev.incidentmonitor.streams.domain.WindowFigures;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.TimelineChange;
import dev.incidentmonitor.streams.processor.DayConventions;
import dev.incidentmonitor.streams.processor.IncidentLedgers;
import dev.incidentmonitor.streams.processor.ServiceKeys;
import dev.incidentmonitor.streams.processor.ServiceLedgers;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business gauges read from the topology's state stores, never from counters bumped in {@code process()}: a retried
 * or aborted transaction cannot count a record twice, and a restored store shows the same figures as before.
 *
 * <p>Stores are read through interactive queries of the active tasks only, so each instance exports exactly the
 * incidents and services it owns; after a rebalance the next refresh drops the rows it no longer owns and adds the
 * new ones ({@link MultiGauge#register} with overwrite). {@code max by (provider, service)} across instances is
 * therefore right. Refreshes run before each scrape, at most once per {@code minInterval}.
 *
 * <p>Service-level series carry {@code scope="service"}, {@code service} (the newest display name) and {@code
 * component_id}; provider-level series (each incident once) carry {@code scope="provider"} and {@code service="*"}.
 * A figure with no sample has no series (not zero).
 */
public final class StateMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(StateMetrics.class);
    private static final String PREFIX = "incident_monitor_";

    private final Supplier<ReadOnlyKeyValueStore<String, IncidentLedger>> incidents;
    private final Supplier<ReadOnlyKeyValueStore<String, ServiceLedger>> services;
    private final Supplier<ReadOnlyKeyValueStore<String, ProviderIncident>> figures;
    private final AvailabilityMetrics availability;
    private final Clock clock;
    private final long minIntervalMillis;
    private long lastRefresh = Long.MIN_VALUE;

    private final MultiGauge openIncidents;
    private final MultiGauge oldestOpenAge;
    private final MultiGauge windowIncidents;
    private final MultiGauge mttr;
    private final MultiGauge mtbf;
    private final MultiGauge stagePeriods;
    private final MultiGauge samples;
    private final MultiGauge lastStart;
    private final MultiGauge sinceLastStart;
    private final MultiGauge lastResolved;
    private final MultiGauge combinations;
    private final MultiGauge impactRange;

    /**
     * The stores the gauges read; each supplier throws while its store is not queryable (rebalancing).
     *
     * @param incidents incident ledgers
     * @param services service ledgers (headers)
     * @param figures each service's incidents' figures
     * @param availability the availability stores of each input partition this instance holds
     * @param cooccurrence published co-occurrence pairs
     * @param conventions the day conventions, for "today" in each provider's zone
     */
    public record Stores(
            Supplier<ReadOnlyKeyValueStore<String, IncidentLedger>> incidents,
            Supplier<ReadOnlyKeyValueStore<String, ServiceLedger>> services,
            Supplier<ReadOnlyKeyValueStore<String, ProviderIncident>> figures,
            Supplier<List<AvailabilityPartition>> availability,
            Supplier<ReadOnlyKeyValueStore<String, ServiceCooccurrence>> cooccurrence,
            DayConventions conventions) {

        /** The stores of a running streams-app's active tasks, through interactive queries. */
        public static Stores of(final KafkaStreams streams, final StreamsAppConfig config) {
            final String changesTopic = config.getString(StreamsAppConfig.COMPONENT_CHANGES_TOPIC);
            return new Stores(
                    () -> store(streams, IncidentTopology.INCIDENT_STORE, null),
                    () -> store(streams, IncidentTopology.SERVICE_LEDGER_STORE, null),
                    () -> store(streams, IncidentTopology.INCIDENT_FIGURES_STORE, null),
                    () -> localPartitions(streams, changesTopic).stream()
                            .map(p -> new AvailabilityPartition(
                                    store(streams, IncidentTopology.COMPONENT_TIMELINE_STORE, p),
                                    store(streams, IncidentTopology.COMPONENT_CHANGES_STORE, p),
                                    store(streams, IncidentTopology.DAILY_AVAILABILITY_STORE, p)))
                            .toList(),
                    () -> store(streams, IncidentTopology.COOCCURRENCE_STORE, null),
                    config.dayConventions());
        }

        /** All tasks' store {@code name}, or only the one of {@code partition} when not null. */
        private static <V> ReadOnlyKeyValueStore<String, V> store(
                final KafkaStreams streams, final String name, final Integer partition) {
            final StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> all =
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
            return streams.store(partition == null ? all : all.withPartition(partition));
        }

        /** The partitions of {@code topic} that this instance's active tasks read. */
        private static SortedSet<Integer> localPartitions(final KafkaStreams streams, final String topic) {
            final SortedSet<Integer> partitions = new TreeSet<>();
            streams.metadataForLocalThreads()
                    .forEach(thread -> thread.activeTasks().forEach(task -> task.topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(topic))
                            .forEach(tp -> partitions.add(tp.partition()))));
            return partitions;
        }
    }

    /**
     * The availability stores of one partition of the component changes: a component's header, its changes and its
     * days live in the same task, so reading them partition by partition queries one store per read instead of
     * every task's (through the stores of all tasks, each read opened an iterator on every one of them).
     *
     * @param timelines component timelines (headers)
     * @param changes component status changes, one entry per change
     * @param days published service-days
     */
    public record AvailabilityPartition(
            ReadOnlyKeyValueStore<String, ComponentTimeline> timelines,
            ReadOnlyKeyValueStore<String, TimelineChange> changes,
            ReadOnlyKeyValueStore<String, DailyAvailability> days) {}

    /**
     * @param registry where the gauges live
     * @param stores the stores of this instance's active tasks
     * @param clock "now" for ages and windows
     * @param minIntervalMillis the shortest time between two refreshes
     */
    public StateMetrics(
            final MeterRegistry registry, final Stores stores, final Clock clock, final long minIntervalMillis) {
        this.incidents = stores.incidents();
        this.services = stores.services();
        this.figures = stores.figures();
        this.availability =
                new AvailabilityMetrics(registry, stores.availability(), stores.cooccurrence(), stores.conventions());
        this.clock = clock;
        this.minIntervalMillis = minIntervalMillis;
        openIncidents = gauge(registry, "open_incidents", "Open incidents (not maintenances) by stage", null);
        oldestOpenAge = gauge(
                registry,
                "open_incident_oldest_age_seconds",
                "Age of the oldest open incident (now minus its start), by stage",
                "seconds");
        windowIncidents = gauge(registry, "window_incidents", "Counted incidents that started inside the window", null);
        mttr = gauge(registry, "mttr_seconds", "Time to resolve of incidents resolved inside the window", "seconds");
        mtbf = gauge(registry, "mtbf_seconds", "Gap between consecutive incident starts inside the window", "seconds");
        stagePeriods = gauge(
                registry,
                "stage_period_seconds",
                "Mean stage period (investigating P_I, repairing P_R, checking P_C, learning P_L) of incidents started"
                        + " inside the window",
                "seconds");
        samples = gauge(registry, "reliability_samples", "Number of samples behind a reliability figure", null);
        lastStart = gauge(
                registry,
                "last_incident_start_timestamp_seconds",
                "Start of the latest counted incident, Unix time",
                "seconds");
        sinceLastStart = gauge(
                registry, "seconds_since_last_incident_start", "Time since the latest counted incident started", null);
        lastResolved = gauge(
                registry,
                "last_incident_resolved_timestamp_seconds",
                "Latest resolution (S4) of a counted incident, Unix time; dashboards mark it as an annotation",
                "seconds");
        combinations = gauge(
                registry,
                "status_combination_incidents",
                "Incidents (not maintenances) by which of S1..S5 they have, e.g. S1-S3-S4",
                null);
        impactRange = gauge(
                registry,
                "impact_range_incidents",
                "Incidents (not maintenances) by how many services they affected, each incident once",
                null);
    }

    private static MultiGauge gauge(
            final MeterRegistry registry, final String name, final String description, final String unit) {
        final MultiGauge.Builder builder = MultiGauge.builder(PREFIX + name).description(description);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        return builder.register(registry);
    }

    /** Refreshes every gauge from the stores, unless the last refresh is more recent than the minimum interval. */
    public synchronized void refresh() {
        final long now = clock.millis();
        if (lastRefresh != Long.MIN_VALUE && now - lastRefresh < minIntervalMillis) {
            return;
        }
        final ReadOnlyKeyValueStore<String, IncidentLedger> incidentStore;
        final ReadOnlyKeyValueStore<String, ServiceLedger> serviceStore;
        final ReadOnlyKeyValueStore<String, ProviderIncident> figuresStore;
        try {
            incidentStore = incidents.get();
            serviceStore = services.get();
            figuresStore = figures.get();
        } catch (final RuntimeException e) {
            // Rebalancing or not started yet: keep the last values rather than flapping to nothing.
            LOG.debug("state stores not queryable yet: {}", e.toString());
            return;
        }
        refreshIncidents(incidentStore, now);
        refreshServices(serviceStore, figuresStore, now);
        try {
            availability.refresh(now);
        } catch (final org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            LOG.debug("availability stores not queryable yet: {}", e.toString());
        }
        lastRefresh = now;
    }

    private void refreshIncidents(final ReadOnlyKeyValueStore<String, IncidentLedger> store, final long now) {
        final Map<Tags, long[]> open = new HashMap<>();
        try (KeyValueIterator<String, IncidentLedger> all = store.all()) {
            while (all.hasNext()) {
                final IncidentLedger ledger = all.next().value;
                final Lifecycle lifecycle = IncidentLedgers.lifecycle(ledger);
                if (!lifecycle.open() || lifecycle.maintenance()) {
                    continue;
                }
                final String stage = lifecycle.stage().name().toLowerCase(Locale.ROOT);
                final Long start = lifecycle.markers().start();
                final long age = start == null ? 0 : Math.max(0, now - start);
                final List<Tags> scopes = new ArrayList<>();
                scopes.add(providerTags(ledger.getProvider()).and("stage", stage));
                for (final ServiceRef ref : IncidentLedgers.services(ledger)) {
                    scopes.add(serviceTags(ledger.getProvider(), ref.getName(), ref.getComponentId())
                            .and("stage", stage));
                }
                for (final Tags tags : scopes) {
                    final long[] entry = open.computeIfAbsent(tags, t -> new long[2]);
                    entry[0]++;
                    entry[1] = Math.max(entry[1], age);
                }
            }
        }
        final List<MultiGauge.Row<?>> counts = new ArrayList<>();
        final List<MultiGauge.Row<?>> ages = new ArrayList<>();
        open.forEach((tags, entry) -> {
            counts.add(MultiGauge.Row.of(tags, entry[0]));
            ages.add(MultiGauge.Row.of(tags, entry[1] / 1000.0));
        });
        openIncidents.register(counts, true);
        oldestOpenAge.register(ages, true);
    }

    private void refreshServices(
            final ReadOnlyKeyValueStore<String, ServiceLedger> store,
            final ReadOnlyKeyValueStore<String, ProviderIncident> figuresStore,
            final long now) {
        final Rows rows = new Rows();
        final StringSerializer keys = new StringSerializer();
        // The headers iterate in key order, so a provider's services follow each other: its incidents are read once.
        String provider = null;
        final List<ProviderIncident> providerIncidents = new ArrayList<>();
        try (KeyValueIterator<String, ServiceLedger> all = store.all()) {
            while (all.hasNext()) {
                final ServiceLedger ledger = all.next().value;
                if (!ledger.getProvider().equals(provider)) {
                    provider = ledger.getProvider();
                    providerIncidents.clear();
                    try (KeyValueIterator<String, ProviderIncident> scan =
                            figuresStore.prefixScan(ServiceLedgers.figuresPrefix(provider), keys)) {
                        scan.forEachRemaining(kv -> providerIncidents.add(kv.value));
                    }
                }
                final List<IncidentFigures> incidentFigures = new ArrayList<>();
                for (final ProviderIncident incident : providerIncidents) {
                    if (ServiceLedgers.affects(incident, ledger.getComponentId())) {
                        incidentFigures.add(incident.getFigures());
                    }
                }
                final Tags tags = ledger.getComponentId() == null
                        ? providerTags(ledger.getProvider())
                        : serviceTags(ledger.getProvider(), ledger.getServiceName(), ledger.getComponentId());
                final Reliability reliability = Reliability.compute(ServiceLedgers.figures(incidentFigures), now);
                rows.add(ledger, incidentFigures, tags, reliability, now);
            }
        }
        windowIncidents.register(rows.windowIncidents, true);
        mttr.register(rows.mttr, true);
        mtbf.register(rows.mtbf, true);
        stagePeriods.register(rows.periods, true);
        samples.register(rows.samples, true);
        lastStart.register(rows.lastStart, true);
        sinceLastStart.register(rows.sinceLastStart, true);
        lastResolved.register(rows.lastResolved, true);
        combinations.register(rows.combinationRows(), true);
        impactRange.register(rows.impactRange, true);
    }

    private static Tags providerTags(final String provider) {
        return Tags.of(
                "provider", provider, "scope", "provider", "service", ServiceKeys.PROVIDER_SCOPE, "component_id", "*");
    }

    private static Tags serviceTags(final String provider, final String name, final String componentId) {
        return Tags.of("provider", provider, "scope", "service", "service", name, "component_id", componentId);
    }

    /** The rows of one refresh of the service gauges. */
    private static final class Rows {
        final List<MultiGauge.Row<?>> windowIncidents = new ArrayList<>();
        final List<MultiGauge.Row<?>> mttr = new ArrayList<>();
        final List<MultiGauge.Row<?>> mtbf = new ArrayList<>();
        final List<MultiGauge.Row<?>> periods = new ArrayList<>();
        final List<MultiGauge.Row<?>> samples = new ArrayList<>();
        final List<MultiGauge.Row<?>> lastStart = new ArrayList<>();
        final List<MultiGauge.Row<?>> sinceLastStart = new ArrayList<>();
        final List<MultiGauge.Row<?>> lastResolved = new ArrayList<>();
        final Map<Tags, Long> combinations = new HashMap<>();
        final List<MultiGauge.Row<?>> impactRange = new ArrayList<>();

        void add(
                final ServiceLedger ledger,
                final List<IncidentFigures> incidents,
                final Tags tags,
                final Reliability reliability,
                final long now) {
            for (final WindowFigures w : reliability.windows()) {
                final Tags windowTags = tags.and("window", windowLabel(w.window()));
                windowIncidents.add(MultiGauge.Row.of(windowTags, w.incidents()));
                seconds(mttr, windowTags.and("stat", "mean"), w.timeToResolve().mean());
                seconds(
                        mttr,
                        windowTags.and("stat", "median"),
                        w.timeToResolve().median());
                seconds(mttr, windowTags.and("stat", "p90"), w.timeToResolve().p90());
                seconds(
                        mtbf,
                        windowTags.and("stat", "mean"),
                        w.timeBetweenFailures().mean());
                seconds(
                        mtbf,
                        windowTags.and("stat", "median"),
                        w.timeBetweenFailures().median());
                period(windowTags, "investigating", w.investigating());
                period(windowTags, "repairing", w.repairing());
                period(windowTags, "checking", w.checking());
                period(windowTags, "learning", w.learning());
                samples.add(MultiGauge.Row.of(
                        windowTags.and("figure", "mttr"), w.timeToResolve().samples()));
                samples.add(MultiGauge.Row.of(
                        windowTags.and("figure", "mtbf"),
                        w.timeBetweenFailures().samples()));
            }
            if (reliability.lastStart() != null) {
                lastStart.add(MultiGauge.Row.of(tags, reliability.lastStart() / 1000.0));
                sinceLastStart.add(MultiGauge.Row.of(tags, Math.max(0, now - reliability.lastStart()) / 1000.0));
            }
            incidents.stream()
                    .filter(f -> f.getCounted() && !f.getMaintenance() && f.getResolvedTime() != null)
                    .mapToLong(IncidentFigures::getResolvedTime)
                    .max()
                    .ifPresent(resolved -> lastResolved.add(MultiGauge.Row.of(tags, resolved / 1000.0)));
            if (ledger.getComponentId() == null) {
                for (final ImpactRangeCount count : ServiceLedgers.impactRange(incidents)) {
                    impactRange.add(MultiGauge.Row.of(
                            Tags.of("provider", ledger.getProvider(), "services", String.valueOf(count.getServices())),
                            count.getIncidents()));
                }
                for (final IncidentFigures f : incidents) {
                    if (!f.getMaintenance() && !f.getStatusCombination().isEmpty()) {
                        combinations.merge(
                                Tags.of("provider", ledger.getProvider(), "combination", f.getStatusCombination()),
                                1L,
                                Long::sum);
                    }
                }
            }
        }

        private void period(final Tags windowTags, final String period, final Summary summary) {
            seconds(periods, windowTags.and("period", period), summary.mean());
            samples.add(MultiGauge.Row.of(windowTags.and("figure", period), summary.samples()));
        }

        List<MultiGauge.Row<?>> combinationRows() {
            final List<MultiGauge.Row<?>> rows = new ArrayList<>();
            combinations.forEach((tags, count) -> rows.add(MultiGauge.Row.of(tags, count)));
            return rows;
        }

        private static void seconds(final List<MultiGauge.Row<?>> rows, final Tags tags, final Long millis) {
            if (millis != null) {
                rows.add(MultiGauge.Row.of(tags, millis / 1000.0));
            }
        }

        private static String windowLabel(final Window window) {
            return switch (window) {
                case LAST_7_DAYS -> "7d";
                case LAST_30_DAYS -> "30d";
                case LAST_90_DAYS -> "90d";
                case ALL_TIME -> "all";
            };
        }
    }
}
