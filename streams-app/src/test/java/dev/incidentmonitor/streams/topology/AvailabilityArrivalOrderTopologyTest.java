package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.change;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.CooccurrenceWindow;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Arrival order must not matter: a synthetic month of status changes of four services in two zones (both DST
 * changes of March 2024 inside it), with outages across midnight and same-instant changes from two sources, is
 * piped in event-time order and shuffled with several seeds. Every arrival order must end with the same final
 * {@code service-availability-daily} figures and {@code service-cooccurrence} probabilities, and those must equal
 * an independent minute-by-minute count of the same changes.
 */
class AvailabilityArrivalOrderTopologyTest {

    private static final Instant EARLY_WALL_CLOCK = Instant.parse("2020-01-01T00:00:00Z");
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate FIRST_DAY = LocalDate.parse("2024-03-01");
    private static final int DAYS = 35;
    /** Wall clock at the end: well after the data's last day plus the 6-hour grace, so every data day is final. */
    private static final Instant END = Instant.parse("2024-04-08T12:00:00Z");

    /** One synthetic service: provider, component, zone, stamped weight (null: the app's default, 0.3). */
    private record Service(String provider, String component, ZoneId zone, Double weight) {
        String key() {
            return provider + ":" + component;
        }
    }

    private static final List<Service> SERVICES = List.of(
            new Service("acme", "api", LA, null),
            new Service("acme", "web", LA, null),
            new Service("berlin", "api", BERLIN, 1.0),
            new Service("berlin", "chat", BERLIN, 1.0));

    /** What the comparison looks at; revision, computed time and the corrected flag depend on arrival order. */
    private record Figures(long majorMs, long partialMs, double availability, boolean isFinal) {}

    @Test
    void shouldPublishTheSameFinalDaysAndCooccurrenceWhenChangesArriveInAnyOrder() {
        final List<ComponentStatusChange> changes = synthetic(new Random(7));
        final List<ComponentStatusChange> inOrder = new ArrayList<>(changes);
        inOrder.sort(Comparator.comparing(ComponentStatusChange::getEventTime));

        final Result ordered = run(inOrder);
        final Map<String, Figures> expected = oracle(changes);
        // Not vacuous: 39 local days per service (03-01 to the end's day 04-08), both kinds of outage, all pairs.
        assertThat(expected).hasSize(SERVICES.size() * 39);
        assertThat(expected.values()).anyMatch(f -> f.majorMs() > 0).anyMatch(f -> f.partialMs() > 0);
        assertThat(expected.values()).anyMatch(f -> f.majorMs() + f.partialMs() == 0);
        assertThat(differences(expected, ordered.days()))
                .as("days in event-time order")
                .isEmpty();
        assertThat(ordered.pairs()).hasSize(SERVICES.size() * (SERVICES.size() - 1));
        assertThat(differences(oracleCooccurrence(expected), ordered.pairs()))
                .as("co-occurrence in event-time order")
                .isEmpty();

        for (final long seed : List.of(1L, 2L, 3L)) {
            final List<ComponentStatusChange> shuffled = new ArrayList<>(changes);
            Collections.shuffle(shuffled, new Random(seed));
            final Result result = run(shuffled);
            assertThat(result.days()).as("days, shuffled with seed %d", seed).isEqualTo(ordered.days());
            assertThat(result.pairs())
                    .as("co-occurrence, shuffled with seed %d", seed)
                    .isEqualTo(ordered.pairs());
        }
    }

    @Test
    void shouldKeepTheSameServicesInAFullMatrixWhenChangesArriveInAnyOrder() {
        final List<ComponentStatusChange> changes = new ArrayList<>(synthetic(new Random(7)));
        // a service first in key order that never has an outage: it must not take one of the two places
        final Service quiet = new Service("aaa", "quiet", LA, null);
        for (int d = 0; d < DAYS; d += 7) {
            changes.add(stamped(
                    quiet,
                    ComponentStatus.OPERATIONAL,
                    FIRST_DAY.plusDays(d).atStartOfDay(LA).toInstant()));
        }
        final List<ComponentStatusChange> inOrder = new ArrayList<>(changes);
        inOrder.sort(Comparator.comparing(ComponentStatusChange::getEventTime));
        final Map<String, Object> twoServices = Map.of(StreamsAppConfig.COOCCURRENCE_MAX_SERVICES, 2);

        final Result ordered = run(inOrder, twoServices);

        // the first two services in key order that had an outage day, whatever arrived first
        assertThat(ordered.pairs()).containsOnlyKeys("acme:api|acme:web", "acme:web|acme:api");
        for (final long seed : List.of(1L, 2L, 3L, 4L, 5L)) {
            final List<ComponentStatusChange> shuffled = new ArrayList<>(changes);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(run(shuffled, twoServices).pairs())
                    .as("co-occurrence of a full matrix, shuffled with seed %d", seed)
                    .isEqualTo(ordered.pairs());
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

    private record Result(Map<String, Figures> days, Map<String, List<Double>> pairs) {}

    private static Result run(final List<ComponentStatusChange> order) {
        return run(order, Map.of());
    }

    private static Result run(final List<ComponentStatusChange> order, final Map<String, Object> overrides) {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK, overrides)) {
            order.forEach(harness::pipe);
            harness.driver.advanceWallClockTime(Duration.between(EARLY_WALL_CLOCK, END));
            // Co-occurrence is recomputed on the next punctuation after the day records reach it.
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
            final Map<String, Figures> days = new TreeMap<>();
            harness.daily.readKeyValuesToList().forEach(kv -> days.put(kv.key, figures(kv.value)));
            final Map<String, List<Double>> pairs = new TreeMap<>();
            harness.cooccurrence.readKeyValuesToList().forEach(kv -> {
                if (kv.value == null) {
                    pairs.remove(kv.key); // a tombstone: the pair left the matrix
                } else {
                    pairs.put(kv.key, probabilities(kv.value));
                }
            });
            return new Result(days, pairs);
        }
    }

    private static Figures figures(final DailyAvailability day) {
        return new Figures(day.getMajorOutageMs(), day.getPartialOutageMs(), day.getAvailability(), day.getFinal$());
    }

    private static List<Double> probabilities(final ServiceCooccurrence pair) {
        return pair.getWindows().stream()
                .map(CooccurrenceWindow::getProbability)
                .toList();
    }

    /**
     * Changes at whole minutes: each service starts operational at its first local midnight; on about half of the
     * days one to four changes to a random status (UNKNOWN included) follow, so outages often run past midnight;
     * now and then a second source reports a different status at the very same instant.
     */
    private static List<ComponentStatusChange> synthetic(final Random random) {
        final ComponentStatus[] statuses = ComponentStatus.values();
        final List<ComponentStatusChange> out = new ArrayList<>();
        for (final Service s : SERVICES) {
            out.add(stamped(
                    s,
                    ComponentStatus.OPERATIONAL,
                    FIRST_DAY.atStartOfDay(s.zone()).toInstant()));
            for (int d = 0; d < DAYS; d++) {
                if (random.nextBoolean()) {
                    continue;
                }
                final LocalDate day = FIRST_DAY.plusDays(d);
                final Instant start = day.atStartOfDay(s.zone()).toInstant();
                final long minutes = Duration.between(start, day.plusDays(1).atStartOfDay(s.zone()))
                        .toMinutes();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    final Instant at = start.plusSeconds(60L * random.nextInt((int) minutes));
                    out.add(stamped(s, statuses[random.nextInt(statuses.length)], at));
                    if (random.nextInt(5) == 0) {
                        out.add(stamped(s, statuses[random.nextInt(statuses.length)], at));
                    }
                }
            }
            // Every service ends the data operational, so the last days are quiet.
            out.add(stamped(
                    s,
                    ComponentStatus.OPERATIONAL,
                    FIRST_DAY.plusDays(DAYS).atStartOfDay(s.zone()).toInstant()));
        }
        return out;
    }

    private static ComponentStatusChange stamped(final Service s, final ComponentStatus status, final Instant at) {
        return ComponentStatusChange.newBuilder(change(s.provider(), s.component(), status, at.toString()))
                .setTimeZone(s.zone() == LA ? null : s.zone().getId())
                .setPartialOutageWeight(s.weight())
                .build();
    }

    /** 2 major, 1 partial, 0 anything else; written out here so the check does not share the code it checks. */
    private static int severity(final ComponentStatus status) {
        return switch (status) {
            case MAJOR_OUTAGE -> 2;
            case PARTIAL_OUTAGE -> 1;
            default -> 0;
        };
    }

    /** Minute-by-minute count of every local day from each service's first change to the end wall clock's day. */
    private static Map<String, Figures> oracle(final List<ComponentStatusChange> changes) {
        final Map<String, Figures> days = new TreeMap<>();
        for (final Service s : SERVICES) {
            final NavigableMap<Instant, Integer> levels = new TreeMap<>();
            changes.stream()
                    .filter(c -> (c.getProvider() + ":" + c.getComponentId()).equals(s.key()))
                    .forEach(c -> levels.merge(c.getEventTime(), severity(c.getNewStatus()), Math::max));
            final double weight = s.weight() == null ? 0.3 : s.weight();
            final LocalDate today = LocalDate.ofInstant(END, s.zone());
            for (LocalDate day = LocalDate.ofInstant(levels.firstKey(), s.zone());
                    !day.isAfter(today);
                    day = day.plusDays(1)) {
                final Instant end = day.plusDays(1).atStartOfDay(s.zone()).toInstant();
                long major = 0;
                long partial = 0;
                for (Instant m = day.atStartOfDay(s.zone()).toInstant();
                        m.isBefore(end) && m.isBefore(END);
                        m = m.plusSeconds(60)) {
                    final Map.Entry<Instant, Integer> at = levels.floorEntry(m);
                    final int level = at == null ? 0 : at.getValue();
                    major += level == 2 ? 1 : 0;
                    partial += level == 1 ? 1 : 0;
                }
                final long scaledMs = major * 60_000L + Math.round(weight * partial * 60_000L);
                days.put(
                        s.key() + ":" + day,
                        new Figures(
                                major * 60_000L,
                                partial * 60_000L,
                                Math.max(0.0, 1.0 - (double) scaledMs / (1440 * 60_000L)),
                                !END.isBefore(end.plus(Duration.ofHours(6)))));
            }
        }
        return days;
    }

    /** P(A|B) over the last 30 and 90 days and all time, from the oracle's outage days. */
    private static Map<String, List<Double>> oracleCooccurrence(final Map<String, Figures> days) {
        final Map<String, TreeSet<Long>> outageDays = new TreeMap<>();
        long last = Long.MIN_VALUE;
        for (final Map.Entry<String, Figures> e : days.entrySet()) {
            final int cut = e.getKey().lastIndexOf(':');
            final long day = LocalDate.parse(e.getKey().substring(cut + 1)).toEpochDay();
            last = Math.max(last, day);
            final TreeSet<Long> set = outageDays.computeIfAbsent(e.getKey().substring(0, cut), k -> new TreeSet<>());
            if (e.getValue().majorMs() + e.getValue().partialMs() > 0) {
                set.add(day);
            }
        }
        final Map<String, List<Double>> pairs = new TreeMap<>();
        for (final String a : outageDays.keySet()) {
            for (final String b : outageDays.keySet()) {
                if (a.equals(b) || outageDays.get(b).isEmpty()) {
                    continue;
                }
                final List<Double> windows = new ArrayList<>();
                for (final long from : new long[] {last - 29, last - 89, Long.MIN_VALUE}) {
                    final List<Long> condition = List.copyOf(outageDays.get(b).tailSet(from, true));
                    final long both = condition.stream()
                            .filter(outageDays.get(a)::contains)
                            .count();
                    windows.add(condition.isEmpty() ? null : (double) both / condition.size());
                }
                pairs.put(a + "|" + b, windows);
            }
        }
        return pairs;
    }
}
