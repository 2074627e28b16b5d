package dev.incidentmonitor.ingest.history;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A real change of one service's status, replayed from the study's daily outage minutes (see
 * {@link HistoryImporter} for how a day's minutes are laid out). It maps one to one onto the
 * {@code ComponentStatusChange} event with source {@code IMPORT}.
 *
 * @param provider provider id, e.g. {@code openai}
 * @param componentId service id ({@link StudyCatalog#componentId(String)} of the display name)
 * @param componentName the study's display name, e.g. {@code ChatGPT}
 * @param oldStatus status before the change; {@code null} for the first status of a service, at local midnight of
 *     its first day in the data
 * @param newStatus status after the change
 * @param eventTime when the change happens
 */
public record HistoricalStatusChange(
        String provider,
        String componentId,
        String componentName,
        ComponentStatus oldStatus,
        ComponentStatus newStatus,
        Instant eventTime) {
    public HistoricalStatusChange {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(componentName, "componentName");
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(eventTime, "eventTime");
    }
}
