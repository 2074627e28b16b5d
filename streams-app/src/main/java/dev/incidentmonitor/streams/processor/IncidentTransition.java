package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.streams.internal.ProviderIncident;

/**
 * What one applied update produced; passed between processors of one sub-topology only, so it needs no serde.
 *
 * @param state the incident's state after the update, for the compacted {@code incidents} topic
 * @param event the change, for {@code incident-events}; null when nothing a subscriber cares about changed (a
 *     keep-alive)
 * @param fanOut the incident's figures for the services it affects and its provider scope, for the provider's task;
 *     null when the figures did not change
 */
public record IncidentTransition(IncidentState state, IncidentEvent event, ProviderIncident fanOut) {}
