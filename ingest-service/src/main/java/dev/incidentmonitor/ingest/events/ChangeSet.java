package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.IncidentUpdate;
import java.util.List;

/**
 * What one {@link ChangeDetector} call found to publish, and the progress to commit with it in one transaction.
 *
 * @param incidentUpdates for topic {@code incident-updates}, in event-time order (each incident's updates in display
 *     time order, then update id)
 * @param componentChanges for topic {@code component-status-changes}, in event-time order
 * @param progress the entries that, committed with the events, make the same input yield nothing next time
 */
public record ChangeSet(
        List<KeyedEvent<IncidentUpdate>> incidentUpdates,
        List<KeyedEvent<ComponentStatusChange>> componentChanges,
        List<ProgressEntry> progress) {

    private static final ChangeSet EMPTY = new ChangeSet(List.of(), List.of(), List.of());

    public ChangeSet {
        incidentUpdates = List.copyOf(incidentUpdates);
        componentChanges = List.copyOf(componentChanges);
        progress = List.copyOf(progress);
    }

    /** Nothing to publish. */
    public static ChangeSet empty() {
        return EMPTY;
    }

    /** True when there is neither an event nor a progress entry. */
    public boolean isEmpty() {
        return incidentUpdates.isEmpty() && componentChanges.isEmpty() && progress.isEmpty();
    }

    /** Number of events (both topics). */
    public int eventCount() {
        return incidentUpdates.size() + componentChanges.size();
    }
}
