package dev.incidentmonitor.streams.report;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code incident-monitor report} prints: the all-time figures the live topology computes for a dataset.
 *
 * <p>A plain value, separate from how it is computed ({@link ReportRunner}) and how it is printed ({@link
 * ReportFormat}), so that a later section (availability, say) is one more component here plus one method per
 * format.
 *
 * @param services one row per service, sorted by provider, then name (case-insensitive), then component id
 * @param providers one row per provider (each incident counted once), sorted by provider
 * @param statusCombinations number of incidents per status combination ({@code S1-S3-S4}, ...), over every incident
 *     but maintenances, out-of-order ones included; sorted by combination
 * @param availability availability columns per service, keyed {@code <provider>:<component id>}; empty when the
 *     replay had no component changes
 * @param cooccurrence all-time P(A|B) keyed {@code <A>|<B>} by the page's service names, for every ordered pair whose
 *     B had an outage day
 */
public record DatasetReport(
        List<ServiceReport> services,
        List<ServiceReport> providers,
        SortedMap<String, Integer> statusCombinations,
        SortedMap<String, AvailabilityReport> availability,
        SortedMap<String, Double> cooccurrence) {

    /** The order of rows: provider, then display name ignoring case, then component id so that it is total. */
    public static final Comparator<ServiceReport> ROW_ORDER = Comparator.comparing(ServiceReport::provider)
            .thenComparing(r -> r.service().toLowerCase(Locale.ROOT))
            .thenComparing(ServiceReport::service)
            .thenComparing(r -> r.componentId() == null ? "" : r.componentId());

    public DatasetReport {
        services = services.stream().sorted(ROW_ORDER).toList();
        providers = providers.stream().sorted(ROW_ORDER).toList();
        statusCombinations = Collections.unmodifiableSortedMap(new TreeMap<>(statusCombinations));
        availability = Collections.unmodifiableSortedMap(new TreeMap<>(availability));
        cooccurrence = Collections.unmodifiableSortedMap(new TreeMap<>(cooccurrence));
    }

    /** A report with the combinations given as any map. */
    public static DatasetReport of(
            final List<ServiceReport> services,
            final List<ServiceReport> providers,
            final Map<String, Integer> statusCombinations) {
        return new DatasetReport(
                services, providers, new TreeMap<>(statusCombinations), new TreeMap<>(), new TreeMap<>());
    }

    /** This report with the availability section. */
    public DatasetReport withAvailability(
            final Map<String, AvailabilityReport> byService, final Map<String, Double> probabilities) {
        return new DatasetReport(
                services, providers, statusCombinations, new TreeMap<>(byService), new TreeMap<>(probabilities));
    }

    /** The availability columns of a service row, or null. */
    public AvailabilityReport availabilityOf(final ServiceReport row) {
        return row.componentId() == null ? null : availability.get(row.provider() + ":" + row.componentId());
    }

    /** Number of incidents behind {@link #statusCombinations()}. */
    public int combinationIncidents() {
        return statusCombinations.values().stream().mapToInt(Integer::intValue).sum();
    }
}
