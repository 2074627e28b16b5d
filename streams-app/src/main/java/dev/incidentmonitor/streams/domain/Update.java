package dev.incidentmonitor.streams.domain;

import java.util.Comparator;
import java.util.Objects;

/**
 * One update of an incident: what the lifecycle needs of it.
 *
 * @param updateId the page's id of the update (a correction has the same id and replaces the earlier version)
 * @param status the status it posted
 * @param displayTime its display time, epoch milliseconds (event time)
 */
public record Update(String updateId, Status status, long displayTime) {

    /** Event-time order: display time, then the later stage, then the update id, so any arrival order sorts alike. */
    public static final Comparator<Update> EVENT_ORDER = Comparator.comparingLong(Update::displayTime)
            .thenComparingInt(u -> u.status().tieRank())
            .thenComparing(Update::updateId);

    public Update {
        Objects.requireNonNull(updateId, "updateId");
        Objects.requireNonNull(status, "status");
    }
}
