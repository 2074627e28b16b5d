package dev.incidentmonitor.streams.metrics;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.CooccurrenceWindow;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.processor.DayConventions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Availability gauges read from the availability stores of this instance's active tasks (see {@link StateMetrics}
 * for why state, not counters in {@code process()}): availability of today (provisional), yesterday, the last 7 and
 * 30 days; the current status of each component as one 0/1 series per status; a monotonic counter of scaled outage
 * seconds per service, so any window's availability and SLO burn rates are an {@code increase()} away; and the
 * co-occurrence probabilities P(A|B) that are not zero.
 */
final class AvailabilityMetrics {

    private static final String PREFIX = "incident_monitor_";

    private final MeterRegistry registry;
    private final Supplier<ReadOnlyKeyValueStore<String, ComponentTimeline>> timelines;
    private final Supplier<ReadOnlyKeyValueStore<String, DailyAvailability>> days;
    private final Supplier<ReadOnlyKeyValueStore<String, ServiceCooccurrence>> cooccurrence;
    private final DayConventions conventions;
    private final MultiGauge availability;
    private final MultiGauge componentStatus;
    private final MultiGauge cooccurrenceProbability;
    private final Map<Tags, AtomicLong> scaledOutageMillis = new ConcurrentHashMap<>();
    private final Map<Tags, FunctionCounter> counters = new HashMap<>();

    AvailabilityMetrics(
            final MeterRegistry registry,
            final Supplier<ReadOnlyKeyValueStore<String, ComponentTimeline>> timelines,
            final Supplier<ReadOnlyKeyValueStore<String, DailyAvailability>> days,
            final Supplier<ReadOnlyKeyValueStore<String, ServiceCooccurrence>> cooccurrence,
            final DayConventions conventions) {
        this.registry = registry;
        this.timelines = timelines;
        this.days = days;
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
        final ReadOnlyKeyValueStore<String, ComponentTimeline> timelineStore = timelines.get();
        final ReadOnlyKeyValueStore<String, DailyAvailability> dayStore = days.get();
        final List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        final List<MultiGauge.Row<?>> statuses = new ArrayList<>();
        final Map<Tags, Long> totals = new HashMap<>();
        try (KeyValueIterator<String, ComponentTimeline> all = timelineStore.all()) {
            while (all.hasNext()) {
                final KeyValue<String, ComponentTimeline> entry = all.next();
                final ComponentTimeline timeline = entry.value;
                final Tags tags = Tags.of(
                        "provider", timeline.getProvider(),
                        "service", timeline.getName(),
                        "component_id", timeline.getComponentId());
                final ZoneId zone = conventions.zone(timeline);
                final LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
                ratio(ratios, tags, "today", dayStore.get(entry.key + ":" + today));
                ratio(ratios, tags, "yesterday", dayStore.get(entry.key + ":" + today.minusDays(1)));
                mean(ratios, tags, "7d", dayStore, entry.key, today.minusDays(6), today);
                mean(ratios, tags, "30d", dayStore, entry.key, today.minusDays(29), today);
                for (final ComponentStatus status : ComponentStatus.values()) {
                    statuses.add(MultiGauge.Row.of(
                            tags.and("status", status.name().toLowerCase(Locale.ROOT)),
                            status.name().equals(timeline.getCurrentStatus()) ? 1 : 0));
                }
                totals.put(tags, timeline.getScaledOutageTotalMs());
            }
        }
        availability.register(ratios, true);
        componentStatus.register(statuses, true);
        refreshCounters(totals);
        refreshCooccurrence();
    }

    private static void ratio(
            final List<MultiGauge.Row<?>> rows, final Tags tags, final String period, final DailyAvailability day) {
        if (day != null) {
            rows.add(MultiGauge.Row.of(tags.and("period", period), day.getAvailability()));
        }
    }

    private static void mean(
            final List<MultiGauge.Row<?>> rows,
            final Tags tags,
            final String period,
            final ReadOnlyKeyValueStore<String, DailyAvailability> store,
            final String key,
            final LocalDate from,
            final LocalDate to) {
        double sum = 0;
        int n = 0;
        try (KeyValueIterator<String, DailyAvailability> range = store.range(key + ":" + from, key + ":" + to)) {
            while (range.hasNext()) {
                sum += range.next().value.getAvailability();
                n++;
            }
        }
        if (n > 0) {
            rows.add(MultiGauge.Row.of(tags.and("period", period), sum / n));
        }
    }

    /**
     * Counters must never go down, even when a late correction lowers a day's outage or a service moves to another
     * instance and back: each series keeps the highest total it has exported.
     */
    private void refreshCounters(final Map<Tags, Long> totals) {
        totals.forEach((tags, total) -> {
            final AtomicLong value = scaledOutageMillis.computeIfAbsent(tags, t -> new AtomicLong());
            value.accumulateAndGet(total, Math::max);
            counters.computeIfAbsent(
                    tags, t -> FunctionCounter.builder(PREFIX + "scaled_outage_seconds", value, v -> v.get() / 1000.0)
                            .description("Scaled outage time T_M + w*T_P of the service, summed over its days")
                            .tags(t)
                            .register(registry));
        });
        counters.entrySet().removeIf(entry -> {
            if (totals.containsKey(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue());
            scaledOutageMillis.remove(entry.getKey());
            return true;
        });
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
