package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.IncidentStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Notices incidents that disappeared from a page's open list without a visible resolution.
 *
 * <p>{@code summary.json} lists only unresolved incidents, so a resolution can show up only as the incident
 * leaving the summary (SPEC "Sources"). Leaving is not proof: the page may have dropped it for another reason,
 * or the resolved update may only be visible in {@code incidents.json}. The poller remembers
 * {@link #openIncidentIds} of each snapshot and, when {@link #leftWithoutResolution} is not empty, fetches
 * {@code incidents.json} (or {@code scheduled-maintenances.json} for a maintenance) and parses it in the next
 * poll to confirm.
 */
public final class ResolutionCheck {
    private static final Set<IncidentStatus> TERMINAL =
            Set.of(IncidentStatus.RESOLVED, IncidentStatus.POSTMORTEM, IncidentStatus.COMPLETED);

    /**
     * Latest first: display time, then creation time; on a full tie the one listed first (Statuspage lists
     * newest first).
     */
    private static final Comparator<UpdateSnapshot> LATEST_FIRST = Comparator.comparing(UpdateSnapshot::displayAt)
            .thenComparing(UpdateSnapshot::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed();

    private ResolutionCheck() {}

    /**
     * Ids of the incidents and maintenances in {@code snapshot} that are still open: their latest update (by
     * display time) is not {@code resolved}, {@code postmortem} or {@code completed}, or they have no update.
     * An incident resolved and then re-opened ({@code resolved → monitoring}) is open.
     */
    public static Set<String> openIncidentIds(PageSnapshot snapshot) {
        Set<String> open = new TreeSet<>();
        for (IncidentSnapshot incident : snapshot.incidents()) {
            if (!isResolved(incident)) {
                open.add(incident.id());
            }
        }
        return open;
    }

    /**
     * The incidents that were open in the previous poll and now are neither in {@code snapshot} nor shown
     * resolved by it: they left the open list without a resolved update visible, so the resolution must be
     * confirmed from {@code incidents.json}. An incident still present and still open is not listed (it did
     * not leave); one present with a terminal latest update is confirmed and not listed either.
     *
     * @param previousOpenIds {@link #openIncidentIds} of the previous snapshot of the same page
     * @param snapshot the new snapshot
     * @return the ids to confirm, sorted
     */
    public static List<String> leftWithoutResolution(Set<String> previousOpenIds, PageSnapshot snapshot) {
        Map<String, IncidentSnapshot> byId = new HashMap<>();
        snapshot.incidents().forEach(i -> byId.put(i.id(), i));
        return previousOpenIds.stream()
                .filter(id -> !byId.containsKey(id))
                .sorted()
                .toList();
    }

    /** True when the incident's latest update (by display time) is terminal. */
    public static boolean isResolved(IncidentSnapshot incident) {
        return incident.updates().stream()
                .sorted(LATEST_FIRST)
                .findFirst()
                .map(u -> TERMINAL.contains(u.status()))
                .orElse(false);
    }
}
