package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** De-duplicates the versions of one incident that several endpoints of one poll returned. */
final class IncidentMerge {
    private IncidentMerge() {}

    /**
     * Keeps one version per id, in first-seen order: the richest (most updates, then the latest
     * {@code updated_at}; on a tie the one seen first). A version seen on a maintenance list marks the result
     * as maintenance.
     */
    static List<IncidentSnapshot> dedupe(Collection<IncidentSnapshot> versions) {
        Map<String, IncidentSnapshot> byId = new LinkedHashMap<>();
        for (IncidentSnapshot v : versions) {
            byId.merge(v.id(), v, IncidentMerge::richer);
        }
        return new ArrayList<>(byId.values());
    }

    static IncidentSnapshot richer(IncidentSnapshot first, IncidentSnapshot second) {
        IncidentSnapshot winner = isRicher(second, first) ? second : first;
        if (winner.maintenance() || !(first.maintenance() || second.maintenance())) {
            return winner;
        }
        return new IncidentSnapshot(
                winner.id(),
                winner.title(),
                winner.impact(),
                true,
                winner.components(),
                winner.url(),
                winner.createdAt(),
                winner.updatedAt(),
                winner.updates());
    }

    private static boolean isRicher(IncidentSnapshot a, IncidentSnapshot b) {
        if (a.updates().size() != b.updates().size()) {
            return a.updates().size() > b.updates().size();
        }
        return isLater(a.updatedAt(), b.updatedAt());
    }

    private static boolean isLater(Instant a, Instant b) {
        return a != null && (b == null || a.isAfter(b));
    }
}
