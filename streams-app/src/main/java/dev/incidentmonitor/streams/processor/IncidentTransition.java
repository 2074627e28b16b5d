package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.streams.internal.ServiceIncident;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * What one applied update produced; passed between processors of one sub-topology only, so it needs no serde.
 *
 * @param state the incident's state after the update, for the compacted {@code incidents} topic
 * @param event the change, for {@code incident-events}; null when nothing a subscriber cares about changed (a
 *     keep-alive)
 * @param fanOut the incident's figures for each service it affects (and for its provider, key {@code
 *     <provider>:*}); empty when the figures did not change
 */
public record IncidentTransition(
        IncidentState state, IncidentEvent event, List<KeyValue<String, ServiceIncident>> fanOut) {}
