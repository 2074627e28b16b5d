package dev.incidentmonitor.streams.metrics;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.CooccurrenceWindow;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.streams.domain.availability.OutageLevel;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.internal.TimelineChange;
import dev.incidentmonitor.streams.processor.DayConventions;
import dev.incidentmonitor.streams.processor.EntryKeys;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Availability gauges read from the availability stores of this instance's active tasks (see {@link StateMetrics}
 * for why state, not counters in {@code process()}): availability of today (provisional), yesterday, the last 7 and
 * 30 days; the current status of each component as one 0/1 series per status; a counter of the scaled outage
 * seconds of each service as they happen, so that SLO burn rates over any window are a {@code rate()} away (see
 * {@link #accrue}); and the co-occurrence probabilities P(A|B) that are not zero.
 */
final class AvailabilityMetrics {

    private static final String PREFIX = "incident_monitor_";

    private final MeterRegistry registry;
    private final Supplier<List<StateMetrics.AvailabilityPartition>> partitions;
    private final Supplier<ReadOnlyKeyValueStore<String, ServiceCooccurrence>> cooccurrence;
    private final DayConventions conventions;
    private final MultiGauge availability;
    private final MultiGauge componentStatus;
    private final MultiGauge cooccurrenceProbability;
    private final Map<Tags, Accrual> accruals = new HashMap<>();

    AvailabilityMetrics(
            final MeterRegistry registry,
            final Supplier<List<StateMetrics.AvailabilityPartition>> partitions,
            final Supplier<ReadOnlyKeyValueStore<String, ServiceCooccurrence>> cooccurrence,
            final DayConventions conventions) {
        this.registry = registry;
        this.partitions = partitions;
        this.cooccurrence = cooccurrence;
        this.conventions = conventions;
        availability = MultiGauge.builder(PREFIX + "availability_ratio")
                .description("Availability 1 - T_S/1440 min: today so far (provisional), yesterday, and the mean of"
                        + " the last 7 and 30 days the service existed")
                .register(registry);
        componentStatus = MultiGauge.builder(PREFIX + "component_status")
                .description("1 for the component's current status, 0 for the others")
                .register(registry);
        cooccurrenceProbability = MultiGauge.builder(PREFIX + "cooccurrence_probability")
                .description("P(A|B): share of B's outage days on which A had an outage too (pairs above 0 only)")
                .register(registry);
    }

    void refresh(final long now) {
        final List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        final List<MultiGauge.Row<?>> statuses = new ArrayList<>();
        final Set<Tags> seen = new HashSet<>();
        for (final StateMetrics.AvailabilityPartition partition : partitions.get()) {
            try (KeyValueIterator<String, ComponentTimeline> all =
                    partition.timelines().all()) {
                while (all.hasNext()) {
                    final KeyValue<String, ComponentTimeline> entry = all.next();
                    final ComponentTimeline timeline = entry.value;
                    final Tags tags = Tags.of(
                            "provider", timeline.getProvider(),
                            "service", timeline.getName(),
                            "component_id", timeline.getComponentId());
                    final ZoneId zone = conventions.zone(timeline);
                    final LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
                    lastDays(ratios, tags, partition.days(), entry.key, today);
                    for (final ComponentStatus status : ComponentStatus.values()) {
                        statuses.add(MultiGauge.Row.of(
                                tags.and("status", status.name().toLowerCase(Locale.ROOT)),
                                status.name().equals(timeline.getCurrentStatus()) ? 1 : 0));
                    }
                    accrue(tags, entry.key, timeline, partition.changes(), now);
                    seen.add(tags);
                }
            }
        }
        availability.register(ratios, true);
        componentStatus.register(statuses, true);
        dropCounters(seen);
        refreshCooccurrence();
    }

    /**
     * Today's and yesterday's availability and the means of the last 7 and 30 days the service existed, from one read
     * of its last 30 days (four reads per service made most of a refresh: 2.6 of 3.3 s at 10,000 services).
     */
    private static void lastDays(
            final List<MultiGauge.Row<?>> rows,
            final Tags tags,
            final ReadOnlyKeyValueStore<String, DailyAvailability> store,
            final String key,
            final LocalDate today) {
        final LocalDate weekStart = today.minusDays(6);
        final LocalDate yesterday = today.minusDays(1);
        DailyAvailability todays = null;
        DailyAvailability yesterdays = null;
        double week = 0;
        int weekDays = 0;
        double month = 0;
        int monthDays = 0;
        // Keys end in the ISO date, so the range is the 30 days in order.
        try (KeyValueIterator<String, DailyAvailability> range =
                store.range(key + ":" + today.minusDays(29), key + ":" + today)) {
            while (range.hasNext()) {
                final DailyAvailability day = range.next().value;
                month += day.getAvailability();
                monthDays++;
                if (!day.getDate().isBefore(weekStart)) {
                    week += day.getAvailability();
                    weekDays++;
                }
                if (day.getDate().equals(today)) {
                    todays = day;
                } else if (day.getDate().equals(yesterday)) {
                    yesterdays = day;
                }
            }
        }
        if (todays != null) {
            rows.add(MultiGauge.Row.of(tags.and("period", "today"), todays.getAvailability()));
        }
        if (yesterdays != null) {
            rows.add(MultiGauge.Row.of(tags.and("period", "yesterday"), yesterdays.getAvailability()));
        }
        if (weekDays > 0) {
            rows.add(MultiGauge.Row.of(tags.and("period", "7d"), week / weekDays));
        }
        if (monthDays > 0) {
            rows.add(MultiGauge.Row.of(tags.and("period", "30d"), month / monthDays));
        }
    }

    /**
     * Adds to the service's counter the scaled outage of the time since the last refresh, from its status then and the
     * status changes with event times in between; a service seen for the first time starts at zero. The counter only
     * ever moves with the wall clock: history imported into a running app, a late correction of a past day, and the
     * status a replay holds for a moment before its next change (which the day records show until they are corrected)
     * never move it, so burn rates ({@code rate()} of it) stay about the present. A change reported after the refresh
     * that followed it is counted from the next refresh on, when it has become the current status.
     */
    private void accrue(
            final Tags tags,
            final String key,
            final ComponentTimeline timeline,
            final ReadOnlyKeyValueStore<String, TimelineChange> changeStore,
            final long now) {
        final double weight = conventions.weight(timeline);
        final double current = scaledRate(OutageLevel.of(timeline.getCurrentStatus()), weight);
        final Accrual accrual = accruals.computeIfAbsent(tags, t -> {
            final Accrual first = new Accrual(now, current);
            first.counter = FunctionCounter.builder(PREFIX + "scaled_outage_seconds", first, a -> a.millis / 1000.0)
                    .description("Scaled outage time T_M + w*T_P of the service as it happens (wall clock), since"
                            + " this instance began to export it")
                    .tags(t)
                    .register(registry);
            return first;
        });
        if (now <= accrual.at) {
            return;
        }
        long from = accrual.at;
        double rate = accrual.rate;
        double added = 0;
        // Keys hold the time as decimal text, which sorts as the number among 13-digit epoch milliseconds (2001 to
        // 2286); the check below keeps the sum exact should a key fall outside.
        try (KeyValueIterator<String, TimelineChange> between =
                changeStore.range(EntryKeys.of(key, Long.toString(from + 1)), EntryKeys.of(key, Long.toString(now)))) {
            while (between.hasNext()) {
                final TimelineChange change = between.next().value;
                if (change.getTime() <= from || change.getTime() > now) {
                    continue;
                }
                added += rate * (change.getTime() - from);
                from = change.getTime();
                rate = scaledRate(OutageLevel.valueOf(change.getLevel()), weight);
            }
        }
        added += rate * (now - from);
        accrual.millis += added;
        accrual.at = now;
        accrual.rate = current;
    }

    private static double scaledRate(final OutageLevel level, final double partialWeight) {
        return switch (level) {
            case MAJOR -> 1.0;
            case PARTIAL -> partialWeight;
            case NONE -> 0.0;
        };
    }

    /** Drops the counters of services this instance no longer holds (moved to another instance, or renamed). */
    private void dropCounters(final Set<Tags> seen) {
        accruals.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue().counter);
            return true;
        });
    }

    /**
     * A service's scaled outage counted so far, the wall-clock time it runs to, its rate from then on, and the counter
     * that exports it.
     */
    private static final class Accrual {

        private volatile double millis;
        private long at;
        private double rate;
        private FunctionCounter counter;

        Accrual(final long at, final double rate) {
            this.at = at;
            this.rate = rate;
        }
    }

    private void refreshCooccurrence() {
        final List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (KeyValueIterator<String, ServiceCooccurrence> all =
                cooccurrence.get().all()) {
            while (all.hasNext()) {
                final ServiceCooccurrence pair = all.next().value;
                for (final CooccurrenceWindow window : pair.getWindows()) {
                    if (window.getProbability() != null && window.getBothDays() > 0) {
                        rows.add(MultiGauge.Row.of(
                                Tags.of(
                                        "provider_a", pair.getProviderA(),
                                        "service_a", pair.getServiceA(),
                                        "provider_b", pair.getProviderB(),
                                        "service_b", pair.getServiceB(),
                                        "window", windowLabel(window)),
                                window.getProbability()));
                    }
                }
            }
        }
        cooccurrenceProbability.register(rows, true);
    }

    private static String windowLabel(final CooccurrenceWindow window) {
        return switch (window.getWindow()) {
            case LAST_30_DAYS -> "30d";
            case LAST_90_DAYS -> "90d";
            case ALL_TIME -> "all";
            case UNKNOWN -> "unknown";
        };
    }
}
