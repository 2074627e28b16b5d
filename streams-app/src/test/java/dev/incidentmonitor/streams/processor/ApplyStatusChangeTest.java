package dev.incidentmonitor.streams.processor;

import static dev.incidentmonitor.streams.TestData.change;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.streams.MapIterators;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplyStatusChangeTest {

    private static final String TIMELINES = "component-timeline-store";
    private static final String CHANGES = "component-changes-store";
    private static final String DAYS = "daily-availability-store";

    private final AtomicInteger dayReads = new AtomicInteger();
    private MockProcessorContext<String, DailyAvailability> context;
    private long streamTime;
    private ApplyStatusChange processor;

    /** A map-backed store with what the processor uses (get, put, all, prefixScan), counting reads. */
    @SuppressWarnings("unchecked")
    private static <V> KeyValueStore<String, V> store(final String name, final AtomicInteger reads) {
        final NavigableMap<String, V> map = new TreeMap<>();
        return (KeyValueStore<String, V>) Proxy.newProxyInstance(
                ApplyStatusChangeTest.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "name":
                            return name;
                        case "get":
                            reads.incrementAndGet();
                            return map.get((String) args[0]);
                        case "put":
                            map.put((String) args[0], (V) args[1]);
                            return null;
                        case "all":
                            return MapIterators.of(new TreeMap<>(map).entrySet().iterator());
                        case "prefixScan":
                            final String prefix = (String) args[0];
                            return MapIterators.of(new TreeMap<>(map.subMap(prefix, prefix + Character.MAX_VALUE))
                                    .entrySet()
                                    .iterator());
                        case "isOpen", "persistent":
                            return true;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    @BeforeEach
    void init() {
        context = MockStores.context();
        streamTime = Long.MIN_VALUE;
        context.addStateStore(store(TIMELINES, new AtomicInteger()));
        context.addStateStore(store(CHANGES, new AtomicInteger()));
        context.addStateStore(store(DAYS, dayReads));
        processor = new ApplyStatusChange(
                TIMELINES,
                CHANGES,
                DAYS,
                DayConventions.STUDY,
                Duration.ofHours(6),
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                "days",
                "outage-days",
                1_000);
        processor.init(context);
    }

    private void process(final ComponentStatusChange change) {
        final long time = change.getEventTime().toEpochMilli();
        streamTime = Math.max(streamTime, time);
        context.setCurrentStreamTimeMs(streamTime);
        processor.process(new Record<>(change.getProvider() + ":" + change.getComponentId(), change, time));
    }

    /** What Kafka Streams does when stream time passes the punctuation interval: moves every day on. */
    private void punctuateStreamTime() {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .forEach(p -> p.getPunctuator().punctuate(streamTime));
    }

    @Test
    void shouldRecomputeOnlyTheDaysALateChangeReachesWhenTheComponentHasALongHistory() {
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-01T08:00:00Z"));
        process(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-01-02T18:00:00Z"));
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-02T19:00:00Z"));
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-12-31T20:00:00Z"));
        punctuateStreamTime();
        context.resetForwards();
        dayReads.set(0);

        // Late: partial from 10:30 PST on 01-02, within the major outage of 10:00 to 11:00.
        process(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-01-02T18:30:00Z"));
        assertThat(context.forwarded("days"))
                .as("a change a year late waits for the next punctuation")
                .isEmpty();
        punctuateStreamTime();

        assertThat(context.forwarded("days")).singleElement().satisfies((CapturedForward<?, ?> f) -> {
            final DailyAvailability day = (DailyAvailability) f.record().value();
            assertThat(f.record().key()).isEqualTo("acme:api:2024-01-02");
            assertThat(day.getMajorOutageMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(day.getPartialOutageMs())
                    .isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(day.getCorrectedAfterFinal()).isTrue();
        });
        assertThat(dayReads.get())
                .as("days read to apply a change that reaches one day of a year-long history")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void shouldPublishTheNewDaysUpToStreamTimeAtTheNextPunctuationWhenALateChangeReachesOnlyOlderDays() {
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-01T08:00:00Z"));
        process(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-01-03T18:00:00Z"));
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-03T19:00:00Z"));
        process(change("acme", "web", ComponentStatus.OPERATIONAL, "2024-01-10T20:00:00Z"));
        context.resetForwards();

        // Stream time is on 01-10 (from another component). api's late change reaches 01-02 and 01-03 only, but
        // api's days 01-04 to 01-10 were never published and must be at the next punctuation, with the late days.
        process(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-01-02T18:00:00Z"));
        assertThat(context.forwarded("days")).isEmpty();
        punctuateStreamTime();

        final NavigableMap<String, DailyAvailability> days = new TreeMap<>();
        context.forwarded("days").stream()
                .filter(f -> f.record().key().startsWith("acme:api:"))
                .forEach(f -> days.put(f.record().key(), f.record().value()));
        assertThat(days.firstKey()).isEqualTo("acme:api:2024-01-02");
        assertThat(days.lastKey()).isEqualTo("acme:api:2024-01-10");
        assertThat(days).hasSize(9);
        assertThat(days.get("acme:api:2024-01-02").getPartialOutageMs())
                .isEqualTo(Duration.ofHours(14).toMillis());
        assertThat(days.get("acme:api:2024-01-03").getPartialOutageMs())
                .isEqualTo(Duration.ofHours(10).toMillis());
        assertThat(days.get("acme:api:2024-01-03").getMajorOutageMs())
                .isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(days.get("acme:api:2024-01-04").getPartialOutageMs()).isZero();
        assertThat(days.get("acme:api:2024-01-10").getFinal$()).isFalse();
    }

    @Test
    void shouldSendCooccurrenceOnlyTheDaysWhoseOutageFlagChangedAndTheFirstOfEachLaterDay() {
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-01T08:00:00Z"));
        process(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-01-02T18:00:00Z"));
        punctuateStreamTime();
        process(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-01-02T19:00:00Z"));
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-02T20:00:00Z"));
        process(change("acme", "web", ComponentStatus.OPERATIONAL, "2024-01-02T21:00:00Z"));

        assertThat(context.forwarded("days").size())
                .as("every day record")
                .isGreaterThan(context.forwarded("outage-days").size());
        assertThat(context.forwarded("outage-days").stream()
                        .map(f -> String.valueOf(f.record().key()))
                        .toList())
                // 01-01 and 01-02 as each day begins (no outage yet at 10:00 PST), then 01-02 once it has one; not
                // the outage growing, the recovery, nor web's outage-free day
                .containsExactly("acme:api:2024-01-01", "acme:api:2024-01-02", "acme:api:2024-01-02");
    }

    @Test
    void shouldPublishEachImportedDayOnceWithoutCorrectionsWhenHistoryIsImportedIntoARunningApp() {
        // A running app: a live change has moved stream time to today, and the wall clock has punctuated.
        final String today = "2026-12-07T09:00:00Z";
        process(change("acme", "web", ComponentStatus.OPERATIONAL, today));
        punctuateWallClock(java.time.Instant.parse(today).toEpochMilli());

        // History of api, in event order as an import publishes it: each day with an outage is major minutes
        // from local midnight (08:00 UTC), then partial minutes, then operational.
        process(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-01-01T08:00:00Z"));
        for (int d = 2; d <= 20; d += 3) {
            final String day = String.format("2024-01-%02d", d);
            process(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, day + "T08:00:00Z"));
            process(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, day + "T08:30:00Z"));
            process(change("acme", "api", ComponentStatus.OPERATIONAL, day + "T09:30:00Z"));
        }
        assertThat(context.forwarded("days").stream()
                        .filter(f -> f.record().key().startsWith("acme:api:")))
                .as("history waits for the next punctuation")
                .isEmpty();
        punctuateStreamTime();

        final List<DailyAvailability> published = context.forwarded("days").stream()
                .filter(f -> f.record().key().startsWith("acme:api:"))
                .map(f -> (DailyAvailability) f.record().value())
                .toList();
        assertThat(published)
                .as("each day from the first imported change to today, once")
                .hasSize((int) (java.time.LocalDate.parse("2026-12-07").toEpochDay()
                        - java.time.LocalDate.parse("2024-01-01").toEpochDay()
                        + 1))
                .noneMatch(DailyAvailability::getCorrectedAfterFinal);

        final KeyValueStore<String, DailyAvailability> days = context.getStateStore(DAYS);
        long sum = 0;
        int outageDays = 0;
        try (KeyValueIterator<String, DailyAvailability> all = days.all()) {
            while (all.hasNext()) {
                final DailyAvailability day = all.next().value;
                if (day.getComponentId().equals("api")) {
                    sum += day.getScaledOutageMs();
                    outageDays += day.getMajorOutageMs() + day.getPartialOutageMs() > 0 ? 1 : 0;
                }
            }
        }
        final KeyValueStore<String, dev.incidentmonitor.streams.internal.ComponentTimeline> timelines =
                context.getStateStore(TIMELINES);
        assertThat(outageDays).isEqualTo(7);
        assertThat(sum)
                .isEqualTo(7
                        * (Duration.ofMinutes(30).toMillis()
                                + Duration.ofMinutes(18).toMillis()));
        assertThat(timelines.get("acme:api").getScaledOutageTotalMs()).isEqualTo(sum);
    }

    private void punctuateWallClock(final long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                .forEach(p -> p.getPunctuator().punctuate(now));
    }
}
