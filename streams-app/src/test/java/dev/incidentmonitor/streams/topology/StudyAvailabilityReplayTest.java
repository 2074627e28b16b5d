package dev.incidentmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.events.ChangeDetector;
import dev.incidentmonitor.ingest.events.ChangeSet;
import dev.incidentmonitor.ingest.events.InMemoryPublishedState;
import dev.incidentmonitor.ingest.events.KeyedEvent;
import dev.incidentmonitor.ingest.history.HistoryImporter;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.ingest.history.ServiceDayTotal;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The study's dataset through the whole path: the raw CSVs imported by the ingest-service ({@code HistoryImporter},
 * {@code ChangeDetector.detectHistory}), every component change and incident update piped into the live topology,
 * and every one of the study's service-days checked against what {@code service-availability-daily} publishes.
 *
 * <p>The uptime CSVs give only a day's major and partial minutes; the importer lays them out from local midnight
 * (major first, then partial), so summed per local day the timeline must give back exactly the study's minutes.
 * Needs the shared directory (system property {@code incident-monitor.shared.dir}); skipped without it.
 */
class StudyAvailabilityReplayTest {

    private static final String SHARED_DIR = "incident-monitor.shared.dir";
    private static final Instant EARLY_WALL_CLOCK = Instant.parse("2020-01-01T00:00:00Z");
    private static final ZoneId STUDY_ZONE = ZoneId.of("America/Los_Angeles");
    private static final Duration GRACE = Duration.ofHours(6);
    private static final long MINUTE = 60_000L;

    private static ImportResult result;
    private static ChangeSet events;
    /** The replay in event-time order, shared by both tests (a replay takes tens of seconds on two cores). */
    private static Replay inOrder;

    /** One event of either topic, in the order it is piped. */
    private record Event(Instant timestamp, ComponentStatusChange change, IncidentUpdate update) {}

    /** What a day's comparison looks at (revision, computed time and the corrected flag depend on arrival order). */
    private record DayFigures(long majorMs, long partialMs, double availability, boolean isFinal) {
        static DayFigures of(final DailyAvailability day) {
            return new DayFigures(
                    day.getMajorOutageMs(), day.getPartialOutageMs(), day.getAvailability(), day.getFinal$());
        }
    }

    @BeforeEach
    void importTheStudyOnce() throws IOException {
        final String shared = System.getProperty(SHARED_DIR, "");
        Assumptions.assumeTrue(
                !shared.isBlank(),
                "system property " + SHARED_DIR + " is not set: skipping the replay of the study's dataset"
                        + " (run with -D" + SHARED_DIR + "=/work/shared)");
        if (result == null) {
            final Path raw = Path.of(shared, "datasets", "llm-service-analysis", "data", "raw");
            assertThat(raw)
                    .as("%s is set, so the study's data must be there", SHARED_DIR)
                    .isDirectory();
            result = new HistoryImporter().importDirectory(raw);
            events = new ChangeDetector().detectHistory(result, new InMemoryPublishedState());
        }
    }

    @Test
    void shouldPublishEveryStudyServiceDaysMinutesWhenReplayingTheDataset() {
        final Map<String, DailyAvailability> days = inOrder().days();

        assertThat(result.dayTotals()).hasSize(5243);
        final List<String> mismatches = new ArrayList<>();
        long clamped = 0;
        for (final ServiceDayTotal total : result.dayTotals()) {
            final String key = total.provider() + ":" + total.componentId() + ":" + total.date();
            final DailyAvailability day = days.get(key);
            // A clamped row holds more minutes than its local day has (say 1440 on the 1380-minute day summer time
            // starts). No timeline can put more real time into a day than it lasts, and the importer cuts the
            // intervals at the next local midnight so that they do not spill into (and count twice on) the next
            // day; the day then holds the minutes that fit, major first as laid out, and its availability comes
            // from those (a fully down spring-forward day keeps 60 of 1440 minutes, where the row would say 0).
            // The study's data has no such row (the count is printed), so this only matters for other datasets.
            long major = total.majorMinutes();
            long partial = total.partialMinutes();
            if (total.clamped()) {
                clamped++;
                final long dayMinutes = Duration.between(
                                total.date().atStartOfDay(STUDY_ZONE),
                                total.date().plusDays(1).atStartOfDay(STUDY_ZONE))
                        .toMinutes();
                major = Math.min(major, dayMinutes);
                partial = Math.min(partial, dayMinutes - major);
            }
            if (day == null) {
                mismatches.add(key + ": not published");
            } else if (day.getMajorOutageMs() != major * MINUTE
                    || day.getPartialOutageMs() != partial * MINUTE
                    || day.getAvailability() != availability(major, partial)
                    || !day.getFinal$()) {
                mismatches.add(key + ": expected major " + major + " partial " + partial + " min, availability "
                        + availability(major, partial) + ", final; got major "
                        + day.getMajorOutageMs() / (double) MINUTE + " partial "
                        + day.getPartialOutageMs() / (double) MINUTE + " min, availability " + day.getAvailability()
                        + ", final " + day.getFinal$());
            }
        }
        printMismatches("study service-days", mismatches);
        System.out.printf("clamped (DST) rows in the study's data: %d%n", clamped);

        assertThat(mismatches).as("service-days whose published minutes differ").isEmpty();
        assertThat(extraDaysInsideTheDataRanges(days))
                .as("published service-days inside a service's date range that the study has no row for")
                .isEmpty();
        assertThat(outageDaysOutsideTheDataRanges(days))
                .as("outage minutes on days outside a service's date range (the replay ends operational)")
                .isEmpty();
    }

    @Test
    void shouldPublishTheSameDaysAndCooccurrenceWhenTheDatasetArrivesShuffled() {
        final List<Event> shuffled = new ArrayList<>(inEventTimeOrder());
        Collections.shuffle(shuffled, new Random(20240831L));

        final Replay reordered = replay("shuffled order (seed 20240831)", shuffled);

        final Replay ordered = inOrder();
        assertThat(reordered.days()).hasSameSizeAs(ordered.days());
        assertThat(differences(figures(ordered.days()), figures(reordered.days())))
                .as("service-days that differ after a shuffled replay")
                .isEmpty();
        assertThat(reordered.pairs()).isNotEmpty();
        assertThat(differences(probabilities(ordered.pairs()), probabilities(reordered.pairs())))
                .as("co-occurrence pairs that differ after a shuffled replay")
                .isEmpty();
    }

    private record Replay(Map<String, DailyAvailability> days, Map<String, ServiceCooccurrence> pairs) {}

    private static List<Event> inEventTimeOrder() {
        final List<Event> all = new ArrayList<>();
        for (final KeyedEvent<ComponentStatusChange> c : events.componentChanges()) {
            all.add(new Event(c.timestamp(), c.value(), null));
        }
        for (final KeyedEvent<IncidentUpdate> u : events.incidentUpdates()) {
            all.add(new Event(u.timestamp(), null, u.value()));
        }
        // Stable: each topic's own order is kept between events of the same instant.
        all.sort(Comparator.comparing(Event::timestamp));
        return all;
    }

    private static synchronized Replay inOrder() {
        if (inOrder == null) {
            inOrder = replay("event-time order", inEventTimeOrder());
        }
        return inOrder;
    }

    /**
     * Pipes {@code order} into a fresh topology whose wall clock starts early (so "now" follows stream time), then
     * moves the wall clock past the end of the data's last local day plus the grace, so every day is final.
     */
    private static Replay replay(final String what, final List<Event> order) {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            long changeNanos = 0;
            long updateNanos = 0;
            for (final Event event : order) {
                final long start = System.nanoTime();
                if (event.change() != null) {
                    harness.pipe(event.change());
                    changeNanos += System.nanoTime() - start;
                } else {
                    harness.pipe(event.update());
                    updateNanos += System.nanoTime() - start;
                }
            }
            final LocalDate lastDay = result.dayTotals().stream()
                    .map(ServiceDayTotal::date)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            final Instant end = lastDay.plusDays(1)
                    .atStartOfDay(STUDY_ZONE)
                    .toInstant()
                    .plus(GRACE)
                    .plusSeconds(60);
            harness.driver.advanceWallClockTime(Duration.between(EARLY_WALL_CLOCK, end));
            // Co-occurrence is recomputed on the punctuation after the last day records reach it.
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
            final Map<String, DailyAvailability> days = new TreeMap<>();
            harness.daily.readKeyValuesToList().forEach(kv -> days.put(kv.key, kv.value));
            final Map<String, ServiceCooccurrence> pairs = new TreeMap<>();
            harness.cooccurrence.readKeyValuesToList().forEach(kv -> pairs.put(kv.key, kv.value));
            System.out.printf(
                    "study replay in %s: %d component changes piped in %d ms, %d incident updates in %d ms"
                            + " -> %d service-days, %d co-occurrence pairs%n",
                    what,
                    events.componentChanges().size(),
                    changeNanos / 1_000_000,
                    events.incidentUpdates().size(),
                    updateNanos / 1_000_000,
                    days.size(),
                    pairs.size());
            return new Replay(days, pairs);
        }
    }

    /** The keys whose values differ, one line each, so a failure shows what differs and not two whole maps. */
    private static <V> List<String> differences(final Map<String, V> expected, final Map<String, V> actual) {
        final TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        return keys.stream()
                .filter(k -> !Objects.equals(expected.get(k), actual.get(k)))
                .map(k -> k + ": expected " + expected.get(k) + ", got " + actual.get(k))
                .toList();
    }

    private static Map<String, DayFigures> figures(final Map<String, DailyAvailability> days) {
        final Map<String, DayFigures> out = new TreeMap<>();
        days.forEach((key, day) -> out.put(key, DayFigures.of(day)));
        return out;
    }

    private static Map<String, List<Double>> probabilities(final Map<String, ServiceCooccurrence> pairs) {
        final Map<String, List<Double>> out = new TreeMap<>();
        pairs.forEach((key, pair) -> {
            if (pair != null) { // a tombstone: the pair no longer shares an outage day
                out.put(
                        key,
                        pair.getWindows().stream().map(w -> w.getProbability()).collect(Collectors.toList()));
            }
        });
        return out;
    }

    /** Published days of a service between its first and last study row that the study has no row for. */
    private static List<String> extraDaysInsideTheDataRanges(final Map<String, DailyAvailability> days) {
        final Map<String, LocalDate[]> ranges = ranges();
        final Set<String> expected = result.dayTotals().stream()
                .map(t -> t.provider() + ":" + t.componentId() + ":" + t.date())
                .collect(Collectors.toSet());
        final List<String> extra = new ArrayList<>();
        days.forEach((key, day) -> {
            final LocalDate[] range = ranges.get(day.getProvider() + ":" + day.getComponentId());
            if (range != null
                    && !day.getDate().isBefore(range[0])
                    && !day.getDate().isAfter(range[1])
                    && !expected.contains(key)) {
                extra.add(key);
            }
        });
        return extra;
    }

    /** Published days outside a service's study rows that nevertheless hold outage minutes. */
    private static List<String> outageDaysOutsideTheDataRanges(final Map<String, DailyAvailability> days) {
        final Map<String, LocalDate[]> ranges = ranges();
        final List<String> out = new ArrayList<>();
        days.forEach((key, day) -> {
            final LocalDate[] range = ranges.get(day.getProvider() + ":" + day.getComponentId());
            final boolean outside = range == null
                    || day.getDate().isBefore(range[0])
                    || day.getDate().isAfter(range[1]);
            if (outside && day.getMajorOutageMs() + day.getPartialOutageMs() > 0) {
                out.add(key);
            }
        });
        return out;
    }

    private static Map<String, LocalDate[]> ranges() {
        final Map<String, LocalDate[]> ranges = new TreeMap<>();
        for (final ServiceDayTotal t : result.dayTotals()) {
            ranges.merge(t.provider() + ":" + t.componentId(), new LocalDate[] {t.date(), t.date()}, (a, b) ->
                    new LocalDate[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        return ranges;
    }

    /** A = 1 - (T_M + 0.3 T_P) / 1440 minutes, not below 0, the study's formula at its default weight. */
    private static double availability(final long majorMinutes, final long partialMinutes) {
        final long scaledMs = majorMinutes * MINUTE + Math.round(0.3 * partialMinutes * MINUTE);
        return Math.max(0.0, 1.0 - (double) scaledMs / (1440 * MINUTE));
    }

    private static void printMismatches(final String what, final List<String> mismatches) {
        System.out.printf("%s: %d mismatch(es)%n", what, mismatches.size());
        mismatches.stream().limit(25).forEach(m -> System.out.println("  " + m));
    }
}
