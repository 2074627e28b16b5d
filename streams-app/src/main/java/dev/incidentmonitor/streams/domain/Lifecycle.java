package dev.incidentmonitor.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The state of one incident, derived from the whole set of its updates in event time. Because it is recomputed
 * from the set rather than stepped forward by each arrival, the result is the same whatever order the updates
 * arrive in, and a correction (same update id, new content) simply replaces one element of the set.
 *
 * @param markers S1..S5
 * @param stage status of the latest update in event time that is not a keep-alive ({@link Status#UPDATE}); {@link
 *     Status#UPDATE} when the incident has only keep-alives, {@link Status#UNKNOWN} when it has no update
 * @param reopenCount how many times, in event time, a stage of an open incident followed a resolution
 * @param firstResolved earliest RESOLVED display time (S4)
 * @param lastResolved latest RESOLVED display time; later than S4 after a reopen
 * @param lastUpdateTime latest display time of any update
 * @param maintenance whether the incident is a scheduled maintenance
 */
public record Lifecycle(
        Markers markers,
        Status stage,
        int reopenCount,
        Long firstResolved,
        Long lastResolved,
        Long lastUpdateTime,
        boolean maintenance) {

    /**
     * Derives the lifecycle from every update of an incident.
     *
     * @param updates the incident's updates, one per update id, in any order
     * @param maintenanceImpact whether the page declared the incident a maintenance
     */
    public static Lifecycle of(final Collection<Update> updates, final boolean maintenanceImpact) {
        final List<Update> ordered = new ArrayList<>(updates);
        ordered.sort(Update.EVENT_ORDER);
        Markers markers = Markers.NONE;
        Status stage = ordered.isEmpty() ? Status.UNKNOWN : Status.UPDATE;
        int reopens = 0;
        Long lastResolved = null;
        Long lastUpdate = null;
        boolean maintenance = maintenanceImpact;
        boolean resolved = false;
        for (final Update update : ordered) {
            final Status status = update.status();
            lastUpdate = update.displayTime();
            maintenance |= status.isMaintenance();
            if (status.isStage()) {
                markers = markers.with(status.marker(), update.displayTime());
            }
            if (status == Status.UPDATE || status == Status.UNKNOWN) {
                continue;
            }
            if (resolved && status.isOpen()) {
                reopens++;
            }
            resolved = status == Status.RESOLVED || status == Status.POSTMORTEM || status == Status.COMPLETED;
            if (status == Status.RESOLVED) {
                lastResolved = update.displayTime();
            }
            stage = status;
        }
        return new Lifecycle(markers, stage, reopens, markers.s4(), lastResolved, lastUpdate, maintenance);
    }

    /** Whether the incident is still open (investigating, identified, monitoring, or a running maintenance). */
    public boolean open() {
        return stage.isOpen();
    }

    /** Whether the incident counts in statistics: not a maintenance, not out of order, and it has started. */
    public boolean counted() {
        return !maintenance && !markers.outOfOrder() && markers.start() != null;
    }
}
