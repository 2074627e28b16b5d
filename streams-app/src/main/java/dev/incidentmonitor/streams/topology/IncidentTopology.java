package dev.incidentmonitor.streams.topology;

import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.processor.IncidentTransition;
import dev.incidentmonitor.streams.processor.Processors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The streams-app's topology, top to bottom:
 *
 * <pre>
 * incident-updates
 *   → apply-incident-update (incident-state-store: the per-incident state machine)
 *       → incidents          (compacted: current state of each incident)
 *       → incident-events    (every change)
 *       → key-by-provider → incidents-by-provider (repartition by provider: one record per change of an
 *         incident's figures, naming the services it touches)
 *           → update-service-reliability (service-ledger-store, incident-figures-store: rolling MTTR/MTBF per
 *             service and provider scope, each published at most once per emit interval)
 *               → service-reliability (compacted)
 *
 * component-status-changes
 *   → apply-status-change (component-timeline-store, component-changes-store, daily-availability-store: outage
 *       minutes per local day)
 *       → service-availability-daily (compacted: every day record)
 *       → key-by-scope (only the records that change a day's outage flag) → availability-days-by-scope
 *           → update-cooccurrence (outage-days-store, cooccurrence-store, cooccurrence-progress-store: P(A|B))
 *               → service-cooccurrence (compacted)
 * </pre>
 *
 * Every node, store and internal topic is named, and {@code ensure.explicit.internal.resource.naming} makes the
 * build fail if one is not, so a rename never silently orphans state.
 */
public final class IncidentTopology {

    /** Store of each incident's ledger. */
    public static final String INCIDENT_STORE = "incident-state-store";
    /** Store of each service's (and provider's) header: name and next window change. */
    public static final String SERVICE_LEDGER_STORE = "service-ledger-store";
    /** Store of each provider's incidents' figures and the services they affect, one entry per incident. */
    public static final String INCIDENT_FIGURES_STORE = "incident-figures-store";
    /** Store of each component's header: name, day conventions, current status, what was published. */
    public static final String COMPONENT_TIMELINE_STORE = "component-timeline-store";
    /** Store of each component's status changes, one entry per change. */
    public static final String COMPONENT_CHANGES_STORE = "component-changes-store";
    /** Store of each service-day's published availability. */
    public static final String DAILY_AVAILABILITY_STORE = "daily-availability-store";
    /** Store of every service's outage days. */
    public static final String OUTAGE_DAYS_STORE = "outage-days-store";
    /** Store of the published co-occurrence of each pair. */
    public static final String COOCCURRENCE_STORE = "cooccurrence-store";
    /** Store of the last day the published co-occurrence was computed for. */
    public static final String COOCCURRENCE_PROGRESS_STORE = "cooccurrence-progress-store";
    /** Repartition topic that brings every service-day to the co-occurrence task. */
    public static final String BY_SCOPE_REPARTITION = "availability-days-by-scope";
    /** The sink of {@code incidents}: every state the state machine forwards. */
    public static final String WRITE_INCIDENTS = "write-incidents";
    /** The sink of {@code service-availability-daily}: {@code apply-status-change} sends it every day record. */
    public static final String WRITE_DAILY_AVAILABILITY = "write-service-availability";
    /** The step towards co-occurrence: {@code apply-status-change} sends it only the records co-occurrence needs. */
    public static final String KEY_BY_SCOPE = "key-by-scope";
    /**
     * Name of the repartition topic that brings an incident's figures to its provider's task, which holds all of the
     * provider's services and its provider scope (prefixed with the application id by Kafka Streams).
     */
    public static final String BY_PROVIDER_REPARTITION = "incidents-by-provider";

    private IncidentTopology() {}

    /**
     * Builds the topology.
     *
     * @param config the app's configuration (topic names, retention, punctuation intervals, Kafka settings)
     * @param topics the topics and serdes, usually {@link StreamsTopics#from(StreamsAppConfig)}
     */
    public static Topology build(final StreamsAppConfig config, final StreamsTopics topics) {
        final StreamsBuilder builder = new StreamsBuilder();

        final KStream<String, IncidentUpdate> updates = builder.stream(
                topics.incidentUpdates().name(), topics.incidentUpdates().consumed("read-incident-updates"));

        final KStream<String, IncidentTransition> transitions = updates.processValues(
                Processors.applyIncidentUpdate(config, topics), Named.as("apply-incident-update"));

        transitions
                .mapValues(IncidentTransition::state, Named.as("to-incident-state"))
                .to(topics.incidents().name(), topics.incidents().produced(WRITE_INCIDENTS));

        transitions
                .filter((key, transition) -> transition.event() != null, Named.as("keep-incident-changes"))
                .mapValues(IncidentTransition::event, Named.as("to-incident-event"))
                .to(topics.incidentEvents().name(), topics.incidentEvents().produced("write-incident-events"));

        final KStream<String, ServiceReliability> reliability = transitions
                .filter((key, transition) -> transition.fanOut() != null, Named.as("keep-figure-changes"))
                .map(
                        (key, transition) -> KeyValue.pair(transition.fanOut().getProvider(), transition.fanOut()),
                        Named.as("key-by-provider"))
                .repartition(Repartitioned.<String, ProviderIncident>as(BY_PROVIDER_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.providerIncidentSerde()))
                .process(Processors.updateServiceReliability(config, topics), Named.as("update-service-reliability"));

        reliability.to(
                topics.serviceReliability().name(), topics.serviceReliability().produced("write-service-reliability"));

        final KStream<String, DailyAvailability> daily = builder.stream(
                        topics.componentChanges().name(),
                        topics.componentChanges().consumed("read-component-status-changes"))
                .process(Processors.applyStatusChange(config, topics), Named.as("apply-status-change"));
        daily.to(topics.dailyAvailability().name(), topics.dailyAvailability().produced(WRITE_DAILY_AVAILABILITY));

        daily.selectKey((key, day) -> Processors.COOCCURRENCE_SCOPE_KEY, Named.as(KEY_BY_SCOPE))
                .repartition(Repartitioned.<String, DailyAvailability>as(BY_SCOPE_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.dailyAvailability().valueSerde())
                        .withNumberOfPartitions(1))
                .process(Processors.updateCooccurrence(config, topics), Named.as("update-cooccurrence"))
                .to(topics.cooccurrence().name(), topics.cooccurrence().produced("write-service-cooccurrence"));

        return builder.build(config.kafkaProperties());
    }
}
