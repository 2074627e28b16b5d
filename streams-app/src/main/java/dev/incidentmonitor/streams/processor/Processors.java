package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import dev.incidentmonitor.streams.internal.OutageDays;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.TimelineChange;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import dev.incidentmonitor.streams.topology.StreamsTopics;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Suppliers of the topology's processors, each declaring the store it owns. */
public final class Processors {

    /** The one key every service-day is re-keyed to before co-occurrence. */
    public static final String COOCCURRENCE_SCOPE_KEY = UpdateCooccurrence.SCOPE_KEY;

    private Processors() {}

    /** The per-incident state machine with its {@code incident-state-store}. */
    public static FixedKeyProcessorSupplier<String, IncidentUpdate, IncidentTransition> applyIncidentUpdate(
            final StreamsAppConfig config, final StreamsTopics topics) {
        final StoreBuilder<KeyValueStore<String, IncidentLedger>> store =
                config.keyValueStore(IncidentTopology.INCIDENT_STORE, Serdes.String(), topics.incidentLedgerSerde());
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, IncidentUpdate, IncidentTransition> get() {
                return new ApplyIncidentUpdate(
                        IncidentTopology.INCIDENT_STORE, config.incidentRetention(), config.incidentCleanupInterval());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    /**
     * The per-component timeline and daily availability with their stores; it forwards to the two children the
     * topology names {@link IncidentTopology#WRITE_DAILY_AVAILABILITY} and {@link IncidentTopology#KEY_BY_SCOPE}.
     */
    public static ProcessorSupplier<String, ComponentStatusChange, String, DailyAvailability> applyStatusChange(
            final StreamsAppConfig config, final StreamsTopics topics) {
        final StoreBuilder<KeyValueStore<String, ComponentTimeline>> timelines = config.keyValueStore(
                IncidentTopology.COMPONENT_TIMELINE_STORE, Serdes.String(), topics.componentTimelineSerde());
        final StoreBuilder<KeyValueStore<String, TimelineChange>> changes = config.keyValueStore(
                IncidentTopology.COMPONENT_CHANGES_STORE, Serdes.String(), topics.timelineChangeSerde());
        final StoreBuilder<KeyValueStore<String, DailyAvailability>> days = config.keyValueStore(
                IncidentTopology.DAILY_AVAILABILITY_STORE,
                Serdes.String(),
                topics.dailyAvailability().valueSerde());
        final DayConventions conventions = config.dayConventions();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ComponentStatusChange, String, DailyAvailability> get() {
                return new ApplyStatusChange(
                        IncidentTopology.COMPONENT_TIMELINE_STORE,
                        IncidentTopology.COMPONENT_CHANGES_STORE,
                        IncidentTopology.DAILY_AVAILABILITY_STORE,
                        conventions,
                        config.availabilityGrace(),
                        config.reliabilityStreamTimeInterval(),
                        config.reliabilityWallClockInterval(),
                        IncidentTopology.WRITE_DAILY_AVAILABILITY,
                        IncidentTopology.KEY_BY_SCOPE,
                        config.getLong(StreamsAppConfig.AVAILABILITY_CACHE_CHANGES));
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(timelines, changes, days);
            }
        };
    }

    /** Co-occurrence of outage days with its stores. */
    public static ProcessorSupplier<String, DailyAvailability, String, ServiceCooccurrence> updateCooccurrence(
            final StreamsAppConfig config, final StreamsTopics topics) {
        final StoreBuilder<KeyValueStore<String, OutageDays>> ledger =
                config.keyValueStore(IncidentTopology.OUTAGE_DAYS_STORE, Serdes.String(), topics.outageDaysSerde());
        final StoreBuilder<KeyValueStore<String, ServiceCooccurrence>> published = config.keyValueStore(
                IncidentTopology.COOCCURRENCE_STORE,
                Serdes.String(),
                topics.cooccurrence().valueSerde());
        final StoreBuilder<KeyValueStore<String, Long>> progress =
                config.keyValueStore(IncidentTopology.COOCCURRENCE_PROGRESS_STORE, Serdes.String(), Serdes.Long());
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DailyAvailability, String, ServiceCooccurrence> get() {
                return new UpdateCooccurrence(
                        IncidentTopology.OUTAGE_DAYS_STORE,
                        IncidentTopology.COOCCURRENCE_STORE,
                        IncidentTopology.COOCCURRENCE_PROGRESS_STORE,
                        config.reliabilityStreamTimeInterval(),
                        Duration.ofMillis(config.getLong(StreamsAppConfig.COOCCURRENCE_WALL_CLOCK_INTERVAL_MS)),
                        config.getInt(StreamsAppConfig.COOCCURRENCE_MAX_SERVICES));
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(ledger, published, progress);
            }
        };
    }

    /**
     * How long, in wall-clock time, a service whose figures changed may wait before {@code service-reliability}
     * publishes it under {@code config}'s emit interval (zero when every change is published at once); a live app's
     * emit tick can add up to 100 ms to it.
     */
    public static Duration latestReliabilityPublication(final StreamsAppConfig config) {
        return UpdateServiceReliability.latestPublication(config.reliabilityEmitInterval());
    }

    /** The per-service reliability with its {@code service-ledger-store} and {@code incident-figures-store}. */
    public static ProcessorSupplier<String, ProviderIncident, String, ServiceReliability> updateServiceReliability(
            final StreamsAppConfig config, final StreamsTopics topics) {
        final StoreBuilder<KeyValueStore<String, ServiceLedger>> headers = config.keyValueStore(
                IncidentTopology.SERVICE_LEDGER_STORE, Serdes.String(), topics.serviceLedgerSerde());
        final StoreBuilder<KeyValueStore<String, ProviderIncident>> figures = config.keyValueStore(
                IncidentTopology.INCIDENT_FIGURES_STORE, Serdes.String(), topics.providerIncidentSerde());
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ProviderIncident, String, ServiceReliability> get() {
                return new UpdateServiceReliability(
                        IncidentTopology.SERVICE_LEDGER_STORE,
                        IncidentTopology.INCIDENT_FIGURES_STORE,
                        config.reliabilityStreamTimeInterval(),
                        config.reliabilityWallClockInterval(),
                        config.getLong(StreamsAppConfig.RELIABILITY_CACHE_INCIDENTS),
                        config.reliabilityEmitInterval());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(headers, figures);
            }
        };
    }
}
