package dev.incidentmonitor.streams.topology;

import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.internal.ServiceIncident;
import dev.incidentmonitor.streams.processor.IncidentTransition;
import dev.incidentmonitor.streams.processor.Processors;
import org.apache.kafka.common.serialization.Serdes;
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
 *       → fan-out-to-services → incidents-by-service (repartition by &lt;provider&gt;:&lt;component&gt;)
 *           → update-service-reliability (service-ledger-store: rolling MTTR/MTBF)
 *               → service-reliability (compacted)
 * </pre>
 *
 * Every node, store and internal topic is named, and {@code ensure.explicit.internal.resource.naming} makes the
 * build fail if one is not, so a rename never silently orphans state.
 */
public final class IncidentTopology {

    /** Store of each incident's ledger. */
    public static final String INCIDENT_STORE = "incident-state-store";
    /** Store of each service's (and provider's) incident figures. */
    public static final String SERVICE_LEDGER_STORE = "service-ledger-store";
    /** Name of the repartition topic (prefixed with the application id by Kafka Streams). */
    public static final String BY_SERVICE_REPARTITION = "incidents-by-service";

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
                .to(topics.incidents().name(), topics.incidents().produced("write-incidents"));

        transitions
                .filter((key, transition) -> transition.event() != null, Named.as("keep-incident-changes"))
                .mapValues(IncidentTransition::event, Named.as("to-incident-event"))
                .to(topics.incidentEvents().name(), topics.incidentEvents().produced("write-incident-events"));

        final KStream<String, ServiceReliability> reliability = transitions
                .flatMap((key, transition) -> transition.fanOut(), Named.as("fan-out-to-services"))
                .repartition(Repartitioned.<String, ServiceIncident>as(BY_SERVICE_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serviceIncidentSerde()))
                .process(Processors.updateServiceReliability(config, topics), Named.as("update-service-reliability"));

        reliability.to(
                topics.serviceReliability().name(), topics.serviceReliability().produced("write-service-reliability"));

        return builder.build(config.kafkaProperties());
    }
}
