package dev.incidentmonitor.streams.topology;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import dev.incidentmonitor.streams.internal.OutageDays;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.TimelineChange;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the topology reads or writes, and the serdes of its internal topics and stores, built once from the
 * app's configuration (the registry settings in it).
 */
public record StreamsTopics(
        TopicSpec<String, IncidentUpdate> incidentUpdates,
        TopicSpec<String, IncidentState> incidents,
        TopicSpec<String, IncidentEvent> incidentEvents,
        TopicSpec<String, ServiceReliability> serviceReliability,
        String deadLetters,
        TopicSpec<String, ComponentStatusChange> componentChanges,
        TopicSpec<String, DailyAvailability> dailyAvailability,
        TopicSpec<String, ServiceCooccurrence> cooccurrence,
        Serde<ComponentTimeline> componentTimelineSerde,
        Serde<OutageDays> outageDaysSerde,
        Serde<ProviderIncident> providerIncidentSerde,
        Serde<IncidentLedger> incidentLedgerSerde,
        Serde<ServiceLedger> serviceLedgerSerde,
        Serde<TimelineChange> timelineChangeSerde) {

    /** The topics and serdes {@code config} names. */
    public static StreamsTopics from(final StreamsAppConfig config) {
        final Map<String, Object> serdeConfig = config.kafka();
        final Serde<String> keys = Serdes.String();
        return new StreamsTopics(
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.INCIDENT_UPDATES_TOPIC),
                        keys,
                        avro(IncidentUpdate.class, serdeConfig)),
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.INCIDENTS_TOPIC),
                        keys,
                        avro(IncidentState.class, serdeConfig)),
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.INCIDENT_EVENTS_TOPIC),
                        keys,
                        avro(IncidentEvent.class, serdeConfig)),
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.SERVICE_RELIABILITY_TOPIC),
                        keys,
                        avro(ServiceReliability.class, serdeConfig)),
                config.getString(StreamsAppConfig.DEAD_LETTER_TOPIC),
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.COMPONENT_CHANGES_TOPIC),
                        keys,
                        avro(ComponentStatusChange.class, serdeConfig)),
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.DAILY_AVAILABILITY_TOPIC),
                        keys,
                        avro(DailyAvailability.class, serdeConfig)),
                new TopicSpec<>(
                        config.getString(StreamsAppConfig.COOCCURRENCE_TOPIC),
                        keys,
                        avro(ServiceCooccurrence.class, serdeConfig)),
                avro(ComponentTimeline.class, serdeConfig),
                avro(OutageDays.class, serdeConfig),
                avro(ProviderIncident.class, serdeConfig),
                avro(IncidentLedger.class, serdeConfig),
                avro(ServiceLedger.class, serdeConfig),
                avro(TimelineChange.class, serdeConfig));
    }

    private static <T extends SpecificRecord> Serde<T> avro(final Class<T> type, final Map<String, Object> config) {
        return SpecificAvroSerde.configured(type, config, false);
    }
}
