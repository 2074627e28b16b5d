package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.schema.CooccurrenceWindow;
import dev.incidentmonitor.schema.CooccurrenceWindowLength;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.streams.domain.availability.IncidentDays;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The availability section of a {@link DatasetReport}, from what the topology published: the final {@code
 * service-availability-daily} records of the days before the end of the data, the {@code service-cooccurrence}
 * pairs, and, for incident-days, the {@code incidents} states.
 */
final class AvailabilitySection {

    private static final ZoneId STUDY_ZONE = ZoneId.of("America/Los_Angeles");

    private AvailabilitySection() {}

    static DatasetReport add(
            final DatasetReport report,
            final Collection<IncidentState> incidents,
            final Collection<DailyAvailability> days,
            final Collection<ServiceCooccurrence> pairs,
            final Instant until) {
        final Map<String, List<DailyAvailability>> byService = new TreeMap<>();
        final Map<String, ZoneId> zones = new HashMap<>();
        for (final DailyAvailability day : days) {
            if (day == null) {
                continue;
            }
            final ZoneId zone = ZoneId.of(day.getTimeZone());
            if (!day.getDate().isBefore(LocalDate.ofInstant(until, zone))) {
                continue;
            }
            final String key = day.getProvider() + ":" + day.getComponentId();
            byService.computeIfAbsent(key, k -> new ArrayList<>()).add(day);
            zones.put(key, zone);
        }
        final Map<String, Integer> incidentDays = new HashMap<>();
        for (final IncidentState state : incidents) {
            if (state == null || state.getMaintenance() || state.getStartTime() == null) {
                continue;
            }
            final long close = Stream.of(
                            state.getInvestigatingTime(),
                            state.getIdentifiedTime(),
                            state.getMonitoringTime(),
                            state.getResolvedTime())
                    .filter(java.util.Objects::nonNull)
                    .mapToLong(Instant::toEpochMilli)
                    .max()
                    .orElse(state.getStartTime().toEpochMilli());
            for (final ServiceRef ref : state.getServices()) {
                final String key = state.getProvider() + ":" + ref.getComponentId();
                final int n = IncidentDays.of(
                                state.getStartTime().toEpochMilli(), close, zones.getOrDefault(key, STUDY_ZONE))
                        .size();
                incidentDays.merge(key, n, Integer::sum);
            }
        }
        final Map<String, AvailabilityReport> availability = new TreeMap<>();
        byService.forEach(
                (key, list) -> availability.put(key, AvailabilityReport.of(list, incidentDays.getOrDefault(key, 0))));
        final Map<String, Double> cooccurrence = zeroPairs(days);
        for (final ServiceCooccurrence pair : pairs) {
            if (pair == null) {
                continue;
            }
            for (final CooccurrenceWindow window : pair.getWindows()) {
                if (window.getWindow() == CooccurrenceWindowLength.ALL_TIME && window.getProbability() != null) {
                    cooccurrence.put(pair.getServiceA() + "|" + pair.getServiceB(), window.getProbability());
                }
            }
        }
        return report.withAvailability(availability, cooccurrence);
    }

    /**
     * P(A|B) = 0 for every ordered pair of services whose condition B had an outage day: the topic publishes only the
     * pairs that shared a day, and each of those replaces its zero.
     */
    private static Map<String, Double> zeroPairs(final Collection<DailyAvailability> days) {
        final Map<String, DailyAvailability> latest = new TreeMap<>();
        final Set<String> withOutage = new HashSet<>();
        for (final DailyAvailability day : days) {
            if (day == null) {
                continue;
            }
            final String key = day.getProvider() + ":" + day.getComponentId();
            latest.merge(key, day, (a, b) -> b.getDate().isAfter(a.getDate()) ? b : a);
            if (day.getMajorOutageMs() + day.getPartialOutageMs() > 0) {
                withOutage.add(key);
            }
        }
        final Map<String, Double> zeros = new TreeMap<>();
        latest.forEach((a, dayA) -> latest.forEach((b, dayB) -> {
            if (!a.equals(b) && withOutage.contains(b)) {
                zeros.put(dayA.getServiceName() + "|" + dayB.getServiceName(), 0.0);
            }
        }));
        return zeros;
    }
}
