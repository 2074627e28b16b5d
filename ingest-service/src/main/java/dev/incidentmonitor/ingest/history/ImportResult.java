package dev.incidentmonitor.ingest.history;

import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link HistoryImporter} read. Every list is in a fixed order, so the same input gives an equal result.
 *
 * @param incidents incidents per provider id, providers in alphabetical order, each provider's incidents
 *     ordered by incident id, each incident's updates ordered oldest first (by update index)
 * @param statusChanges status changes replayed from the uptime calendars, ordered by provider, component id
 *     and event time
 * @param dayTotals one per uptime row, ordered by provider, component id and date
 * @param problems rows (or files) that were skipped, in file order then line order
 * @param warnings rows imported with a fallback (an unknown update title, a PST/PDT label that disagrees with
 *     the zone's rules, a duplicate row), in the same order
 */
public record ImportResult(
        Map<String, List<IncidentSnapshot>> incidents,
        List<HistoricalStatusChange> statusChanges,
        List<ServiceDayTotal> dayTotals,
        List<RowProblem> problems,
        List<RowProblem> warnings) {
    public ImportResult {
        final Map<String, List<IncidentSnapshot>> sorted = new TreeMap<>();
        incidents.forEach((provider, list) -> sorted.put(provider, List.copyOf(list)));
        incidents = Collections.unmodifiableMap(sorted);
        statusChanges = List.copyOf(statusChanges);
        dayTotals = List.copyOf(dayTotals);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** The incidents of one provider, or an empty list. */
    public List<IncidentSnapshot> incidents(final String provider) {
        return incidents.getOrDefault(provider, List.of());
    }

    /** Number of incidents over all providers. */
    public int incidentCount() {
        return incidents.values().stream().mapToInt(List::size).sum();
    }
}
