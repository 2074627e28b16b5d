package dev.incidentmonitor.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.streams.MapIterators;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.internal.TimelineChange;
import dev.incidentmonitor.streams.processor.DayConventions;
import dev.incidentmonitor.streams.processor.EntryKeys;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class AvailabilityMetricsTest {

    private static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
    private static final String API = "acme:api";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MapStore<ComponentTimeline> timelines = new MapStore<>();
    private final MapStore<TimelineChange> changes = new MapStore<>();
    private final MapStore<DailyAvailability> days = new MapStore<>();
    private final AvailabilityMetrics metrics = new AvailabilityMetrics(
            registry,
            () -> List.of(new StateMetrics.AvailabilityPartition(timelines, changes, days)),
            MapStore<ServiceCooccurrence>::new,
            DayConventions.STUDY);

    @Test
    void shouldExportTodayYesterdayAndTheMeansOfTheLastSevenAndThirtyDaysTheServiceExisted() {
        status("OPERATIONAL", T0 - Duration.ofDays(60).toMillis());
        // 2026-12-07 10:00 UTC is 02:00 on 12-07 in Los Angeles. Days 40 to 0 before today: day d has availability
        // 1 - d/1000, so each window's mean is known; the days of other services and after today are not read.
        final java.time.LocalDate today = java.time.LocalDate.parse("2026-12-07");
        for (int d = 40; d >= -1; d--) {
            day("acme:api", today.minusDays(d), 1 - d / 1000.0);
        }
        day("acme:apiary", today, 0.5);
        day("acme:ap", today, 0.25);

        metrics.refresh(T0);

        assertThat(ratio("today")).isEqualTo(1.0);
        assertThat(ratio("yesterday")).isEqualTo(0.999);
        assertThat(ratio("7d")).isCloseTo(1 - (0 + 1 + 2 + 3 + 4 + 5 + 6) / 7 / 1000.0, within(1e-12));
        assertThat(ratio("30d")).isCloseTo(1 - (29 * 30 / 2) / 30.0 / 1000.0, within(1e-12));
    }

    @Test
    void shouldAverageOnlyTheDaysThereAreWhenTheServiceIsYoung() {
        status("OPERATIONAL", T0 - Duration.ofDays(2).toMillis());
        final java.time.LocalDate today = java.time.LocalDate.parse("2026-12-07");
        day("acme:api", today.minusDays(2), 0.9);
        day("acme:api", today.minusDays(1), 0.8);

        metrics.refresh(T0);

        assertThat(registry.find("incident_monitor_availability_ratio")
                        .tags("period", "today")
                        .gauge())
                .as("no record for today yet: no series")
                .isNull();
        assertThat(ratio("yesterday")).isEqualTo(0.8);
        assertThat(ratio("7d")).isCloseTo(0.85, within(1e-12));
        assertThat(ratio("30d")).isCloseTo(0.85, within(1e-12));
    }

    private void day(final String key, final java.time.LocalDate date, final double availability) {
        days.put(
                key + ":" + date,
                DailyAvailability.newBuilder()
                        .setProvider("acme")
                        .setComponentId(key.substring("acme:".length()))
                        .setServiceName("API")
                        .setDate(date)
                        .setTimeZone("America/Los_Angeles")
                        .setMajorOutageMs(0)
                        .setPartialOutageMs(0)
                        .setPartialWeight(0.3)
                        .setScaledOutageMs(0)
                        .setAvailability(availability)
                        .setFinal$(true)
                        .setRevision(1)
                        .setCorrectedAfterFinal(false)
                        .setComputedTime(Instant.ofEpochMilli(T0))
                        .build());
    }

    private double ratio(final String period) {
        final io.micrometer.core.instrument.Gauge gauge = registry.find("incident_monitor_availability_ratio")
                .tags("provider", "acme", "component_id", "api", "period", period)
                .gauge();
        assertThat(gauge).as("availability_ratio %s", period).isNotNull();
        return gauge.value();
    }

    @Test
    void shouldCountTheScaledOutageOfTheTimeBetweenRefreshesFromTheStatusAndTheChangesInBetween() {
        status("OPERATIONAL", T0 - Duration.ofDays(3).toMillis());
        metrics.refresh(T0);
        assertThat(outageSeconds()).as("a service starts at zero").isZero();

        status("MAJOR_OUTAGE", T0 + 60_000);
        metrics.refresh(T0 + 120_000);
        assertThat(outageSeconds()).as("major from the change's time on").isEqualTo(60.0);

        status("PARTIAL_OUTAGE", T0 + 180_000);
        metrics.refresh(T0 + 240_000);
        assertThat(outageSeconds())
                .as("60 s more major, then 60 s partial at 0.3")
                .isEqualTo(60.0 + 60.0 + 18.0);

        metrics.refresh(T0 + 300_000);
        assertThat(outageSeconds()).as("still partial").isEqualTo(138.0 + 18.0);

        status("OPERATIONAL", T0 + 330_000);
        metrics.refresh(T0 + 400_000);
        metrics.refresh(T0 + 500_000);
        assertThat(outageSeconds()).as("30 s more partial, then nothing").isEqualTo(156.0 + 9.0);
    }

    @Test
    void shouldNotCountHistoryImportedIntoARunningAppNorTheStatusItHoldsForAMomentWhileItIsApplied() {
        status("OPERATIONAL", T0 - Duration.ofDays(3).toMillis());
        metrics.refresh(T0);

        // An import of 2024 arrives: a year of changes long before "now". The streams-app's days briefly hold the
        // imported outage as lasting until today, and its sum of days (the timeline's total) grows by years.
        final long history = Instant.parse("2024-03-01T08:00:00Z").toEpochMilli();
        status("MAJOR_OUTAGE", history);
        timelines.put(API, timeline("MAJOR_OUTAGE", Duration.ofDays(1000).toMillis()));
        metrics.refresh(T0 + 5_000);
        status("OPERATIONAL", history + 3_600_000);
        timelines.put(API, timeline("OPERATIONAL", 3_600_000));
        metrics.refresh(T0 + 10_000);
        metrics.refresh(T0 + 60_000);

        assertThat(outageSeconds())
                .as("at most the time between the two refreshes that saw the imported status as current")
                .isEqualTo(5.0);
    }

    @Test
    void shouldCountALateChangeFromTheRefreshThatFindsItOn() {
        status("OPERATIONAL", T0 - Duration.ofDays(3).toMillis());
        metrics.refresh(T0);
        metrics.refresh(T0 + 60_000);

        // Published two minutes late: the outage began before the last refresh.
        status("MAJOR_OUTAGE", T0 + 30_000);
        metrics.refresh(T0 + 150_000);
        metrics.refresh(T0 + 210_000);

        assertThat(outageSeconds()).as("from the refresh at +150 s on").isEqualTo(60.0);
    }

    @Test
    void shouldDropTheCounterOfAServiceThisInstanceNoLongerHolds() {
        status("MAJOR_OUTAGE", T0);
        metrics.refresh(T0);
        assertThat(registry.find("incident_monitor_scaled_outage_seconds").functionCounters())
                .hasSize(1);

        timelines.remove(API);
        metrics.refresh(T0 + 60_000);

        assertThat(registry.find("incident_monitor_scaled_outage_seconds").functionCounters())
                .isEmpty();
    }

    /** The component's status from {@code time} on, as the availability processor stores it. */
    private void status(final String status, final long time) {
        final String level =
                switch (status) {
                    case "MAJOR_OUTAGE" -> "MAJOR";
                    case "PARTIAL_OUTAGE" -> "PARTIAL";
                    default -> "NONE";
                };
        changes.put(EntryKeys.of(API, Long.toString(time)), new TimelineChange(time, level));
        final NavigableMap<Long, String> byTime = new TreeMap<>();
        changes.map.forEach((key, change) -> byTime.put(change.getTime(), change.getLevel()));
        final String latest = byTime.lastEntry().getValue();
        timelines.put(
                API,
                timeline(
                        switch (latest) {
                            case "MAJOR" -> "MAJOR_OUTAGE";
                            case "PARTIAL" -> "PARTIAL_OUTAGE";
                            default -> "OPERATIONAL";
                        },
                        0));
    }

    private static ComponentTimeline timeline(final String currentStatus, final long scaledTotalMs) {
        return ComponentTimeline.newBuilder()
                .setProvider("acme")
                .setComponentId("api")
                .setName("API")
                .setNameTime(T0)
                .setTimeZone("America/Los_Angeles")
                .setPartialWeight(0.3)
                .setCurrentStatus(currentStatus)
                .setPublishedThrough(null)
                .setFirstProvisional(null)
                .setScaledOutageTotalMs(scaledTotalMs)
                .build();
    }

    private double outageSeconds() {
        final FunctionCounter counter = registry.find("incident_monitor_scaled_outage_seconds")
                .tags("provider", "acme", "component_id", "api")
                .functionCounter();
        assertThat(counter).isNotNull();
        return counter.count();
    }

    /** A sorted map behind the read-only store interface, as interactive queries see a store. */
    private static final class MapStore<V> implements ReadOnlyKeyValueStore<String, V> {

        private final NavigableMap<String, V> map = new TreeMap<>();

        void put(final String key, final V value) {
            map.put(key, value);
        }

        void remove(final String key) {
            map.remove(key);
        }

        @Override
        public V get(final String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, V> range(final String from, final String to) {
            return MapIterators.of(map.subMap(from, true, to, true).entrySet().iterator());
        }

        @Override
        public KeyValueIterator<String, V> all() {
            return MapIterators.of(map.entrySet().iterator());
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }
    }
}
