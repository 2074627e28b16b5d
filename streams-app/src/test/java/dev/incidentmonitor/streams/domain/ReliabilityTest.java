package dev.incidentmonitor.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rolling MTTR, MTBF and stage periods as SPEC.md defines them: MTTR over incidents resolved inside a window, MTBF
 * over gaps between consecutive starts whose later start is inside it, every mean with its sample count, and
 * out-of-order incidents and maintenances left out of every figure.
 */
class ReliabilityTest {

    private static final long NOW = Instant.parse("2024-06-30T12:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** A counted incident that started {@code start} and was resolved {@code ttr} later (null: still open). */
    private static Figures incident(final String id, final long start, final Long ttr) {
        return new Figures(id, true, start, ttr == null ? null : start + ttr, ttr, null, null, null, null);
    }

    private static Figures uncounted(final Figures f) {
        return new Figures(
                f.incidentId(),
                false,
                f.start(),
                f.resolved(),
                f.timeToResolve(),
                f.investigating(),
                f.repairing(),
                f.checking(),
                f.learning());
    }

    private static Figures fromUpdates(final String id, final boolean maintenance, final Update... updates) {
        return Figures.of(id, Lifecycle.of(List.of(updates), maintenance));
    }

    @Test
    void shouldPublishMeanMedianP90AndSamplesWhenIncidentsAreResolved() {
        final List<Figures> incidents = List.of(
                incident("a", NOW - 40 * DAY, HOUR),
                incident("b", NOW - 30 * DAY, 10 * HOUR),
                incident("c", NOW - 20 * DAY, 3 * HOUR),
                incident("d", NOW - 10 * DAY, 2 * HOUR),
                incident("e", NOW - 5 * DAY, null));

        final WindowFigures allTime = Reliability.compute(incidents, NOW).window(Window.ALL_TIME);

        // TTR sorted 1, 2, 3, 10 h: mean 4 h, median 2.5 h, p90 at rank 2.7 = 3 h + 0.7 * 7 h.
        assertThat(allTime.timeToResolve())
                .isEqualTo(new Summary(4, 4 * HOUR, 5 * HOUR / 2, 3 * HOUR + 7 * 7 * HOUR / 10));
        assertThat(allTime.incidents()).isEqualTo(5);
    }

    @Test
    void shouldAverageGapsBetweenSortedStartsWhenIncidentsArriveUnsorted() {
        final long[] starts = {NOW - 9 * DAY, NOW - 50 * DAY, NOW - 2 * DAY - 5 * HOUR, NOW - 47 * DAY};
        final List<Figures> incidents = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            incidents.add(incident("i" + i, starts[i], HOUR));
        }

        final Reliability reliability = Reliability.compute(incidents, NOW);
        final Summary mtbf = reliability.window(Window.ALL_TIME).timeBetweenFailures();

        // Sorted: -50 d, -47 d, -9 d, -2 d 5 h; gaps 3 d, 38 d, 6 d 19 h.
        final long first = NOW - 50 * DAY;
        final long last = NOW - 2 * DAY - 5 * HOUR;
        assertThat(mtbf.samples()).isEqualTo(3);
        assertThat(mtbf.mean()).isEqualTo((last - first) / 3);
        assertThat(mtbf.median()).isEqualTo(6 * DAY + 19 * HOUR);
        assertThat(mtbf.p90()).isNull();
        assertThat(reliability.lastStart()).isEqualTo(last);
    }

    @Test
    void shouldNotCountTimeBeforeFirstIncidentWhenComputingMtbf() {
        final Reliability one = Reliability.compute(List.of(incident("a", NOW - 80 * DAY, HOUR)), NOW);
        final Reliability none = Reliability.compute(List.of(), NOW);

        for (final Window window : Window.values()) {
            assertThat(one.window(window).timeBetweenFailures().samples()).isZero();
            assertThat(one.window(window).timeBetweenFailures().mean()).isNull();
            assertThat(none.window(window)).isEqualTo(emptyWindow(window));
        }
        assertThat(one.window(Window.LAST_90_DAYS).incidents()).isEqualTo(1);
        assertThat(none.lastStart()).isNull();
    }

    private static WindowFigures emptyWindow(final Window window) {
        return new WindowFigures(
                window, 0, Summary.EMPTY, Summary.EMPTY, Summary.EMPTY, Summary.EMPTY, Summary.EMPTY, Summary.EMPTY);
    }

    @Test
    void shouldKeepStartsOrderedWhenBackDatedStartMovesBeforeOthers() {
        final Figures a = incident("a", NOW - 10 * DAY, HOUR);
        final Figures b = incident("b", NOW - 8 * DAY, HOUR);
        final Figures c = incident("c", NOW - 7 * DAY - HOUR, HOUR);
        final Figures d = incident("d", NOW - DAY, HOUR);
        // A back-dated update moves d's start before b and c.
        final Figures dBackDated = incident("d", NOW - 9 * DAY, 8 * DAY - HOUR);

        final Reliability before = Reliability.compute(List.of(a, b, c, d), NOW);
        final Reliability after = Reliability.compute(List.of(a, b, c, dBackDated), NOW);

        assertThat(before.lastStart()).isEqualTo(d.start());
        assertThat(before.window(Window.ALL_TIME).timeBetweenFailures().median())
                .isEqualTo(2 * DAY);
        // Sorted after: -10 d, -9 d, -8 d, -7 d 1 h: every gap is 1 d or less, and c is the latest start.
        assertThat(after.lastStart()).isEqualTo(c.start());
        assertThat(after.window(Window.ALL_TIME).timeBetweenFailures())
                .isEqualTo(new Summary(3, (c.start() - a.start()) / 3, DAY, null));
        assertThat(after.window(Window.LAST_7_DAYS).timeBetweenFailures().samples())
                .isZero();
        assertThat(after.window(Window.LAST_7_DAYS).timeToResolve().samples()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = Window.class,
            names = {"LAST_7_DAYS", "LAST_30_DAYS", "LAST_90_DAYS"})
    void shouldCountIncidentResolvedInsideWindowWhenItStartedBeforeIt(final Window window) {
        final long length = window.millis();
        final Figures straddling = incident("straddling", NOW - length - DAY, 2 * DAY);
        final Figures inside = incident("inside", NOW - length / 2, 4 * HOUR);
        final Figures resolvedBefore = incident("before", NOW - length - 3 * DAY, HOUR);

        final WindowFigures figures = Reliability.compute(List.of(straddling, inside, resolvedBefore), NOW)
                .window(window);

        assertThat(figures.timeToResolve().samples()).isEqualTo(2);
        assertThat(figures.timeToResolve().mean()).isEqualTo((2 * DAY + 4 * HOUR) / 2);
        assertThat(figures.incidents()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = Window.class,
            names = {"LAST_7_DAYS", "LAST_30_DAYS", "LAST_90_DAYS"})
    void shouldCountGapWhoseEarlierStartLiesBeforeWindowWhenLaterStartIsInside(final Window window) {
        final long length = window.millis();
        final Figures older = incident("older", NOW - length - 5 * DAY, HOUR);
        final Figures earlier = incident("earlier", NOW - length - 2 * DAY, HOUR);
        final Figures later = incident("later", NOW - length + DAY, HOUR);
        final Figures latest = incident("latest", NOW - HOUR, null);

        final WindowFigures figures =
                Reliability.compute(List.of(latest, older, later, earlier), NOW).window(window);

        // Gaps inside: earlier -> later (3 d) and later -> latest; the gap older -> earlier is outside.
        assertThat(figures.timeBetweenFailures().samples()).isEqualTo(2);
        assertThat(figures.timeBetweenFailures().mean()).isEqualTo((latest.start() - earlier.start()) / 2);
        assertThat(figures.incidents()).isEqualTo(2);
        assertThat(Reliability.compute(List.of(latest, older, later, earlier), NOW)
                        .window(Window.ALL_TIME)
                        .timeBetweenFailures()
                        .samples())
                .isEqualTo(3);
    }

    @Test
    void shouldExcludeEventAtExactlyWindowLengthAgoWhenWindowIsHalfOpen() {
        final Figures leaving = incident("leaving", NOW - 7 * DAY, 0L);
        final Figures staying = incident("staying", NOW - 7 * DAY + 1, 0L);

        final WindowFigures week =
                Reliability.compute(List.of(leaving, staying), NOW).window(Window.LAST_7_DAYS);

        assertThat(week.incidents()).isEqualTo(1);
        assertThat(week.timeToResolve().samples()).isEqualTo(1);
        assertThat(week.timeBetweenFailures()).isEqualTo(new Summary(1, 1L, 1L, null));
    }

    @Test
    void shouldLeaveOutOfOrderIncidentOutOfEveryFigureWhenItIsFlagged() {
        final long t = NOW - 3 * DAY;
        final Figures good = fromUpdates(
                "good",
                false,
                new Update("1", Status.INVESTIGATING, t),
                new Update("2", Status.IDENTIFIED, t + HOUR),
                new Update("3", Status.MONITORING, t + 2 * HOUR),
                new Update("4", Status.RESOLVED, t + 3 * HOUR),
                new Update("5", Status.POSTMORTEM, t + 30 * HOUR));
        final Figures earlierGood = fromUpdates(
                "earlier",
                false,
                new Update("1", Status.INVESTIGATING, t - 2 * DAY),
                new Update("2", Status.RESOLVED, t - 2 * DAY + HOUR));
        final Figures outOfOrder = fromUpdates(
                "ooo",
                false,
                new Update("1", Status.IDENTIFIED, t + 2 * DAY),
                new Update("2", Status.INVESTIGATING, t + 2 * DAY + HOUR),
                new Update("3", Status.MONITORING, t + 2 * DAY + 2 * HOUR),
                new Update("4", Status.RESOLVED, t + 2 * DAY + 3 * HOUR),
                new Update("5", Status.POSTMORTEM, t + 2 * DAY + 5 * HOUR));
        assertThat(outOfOrder.counted()).isFalse();
        assertThat(outOfOrder.timeToResolve()).isNotNull();

        final Reliability with = Reliability.compute(List.of(good, outOfOrder, earlierGood), NOW);
        final Reliability without = Reliability.compute(List.of(good, earlierGood), NOW);

        assertThat(with).isEqualTo(without);
        assertThat(with.lastStart()).isEqualTo(good.start());
        assertThat(with.window(Window.LAST_7_DAYS).incidents()).isEqualTo(2);
        assertThat(with.window(Window.LAST_7_DAYS).learning().samples()).isEqualTo(1);
        assertThat(Reliability.nextChange(List.of(outOfOrder), NOW)).isNull();
    }

    @Test
    void shouldLeaveMaintenanceOutOfEveryFigureWhenItIsTracked() {
        final long t = NOW - 2 * DAY;
        final Figures failure = fromUpdates(
                "failure",
                false,
                new Update("1", Status.INVESTIGATING, t - DAY),
                new Update("2", Status.RESOLVED, t - DAY + HOUR));
        final Figures maintenanceByImpact = fromUpdates(
                "mi", true, new Update("1", Status.INVESTIGATING, t), new Update("2", Status.RESOLVED, t + 4 * HOUR));
        final Figures maintenanceByStatus = fromUpdates(
                "ms",
                false,
                new Update("1", Status.SCHEDULED, t + HOUR),
                new Update("2", Status.IN_PROGRESS, t + 2 * HOUR),
                new Update("3", Status.RESOLVED, t + 3 * HOUR),
                new Update("4", Status.COMPLETED, t + 3 * HOUR));

        final Reliability with = Reliability.compute(List.of(failure, maintenanceByImpact, maintenanceByStatus), NOW);

        assertThat(with).isEqualTo(Reliability.compute(List.of(failure), NOW));
        assertThat(with.window(Window.ALL_TIME).incidents()).isEqualTo(1);
        assertThat(with.window(Window.ALL_TIME).timeToResolve().samples()).isEqualTo(1);
        assertThat(Reliability.nextChange(List.of(maintenanceByImpact, maintenanceByStatus), NOW))
                .isNull();
    }

    @Test
    void shouldAverageStagePeriodsOfIncidentsStartedInsideWindowWhenPresent() {
        final Figures recent = new Figures(
                "recent", true, NOW - DAY, NOW - DAY + 6 * HOUR, 6 * HOUR, HOUR, 2 * HOUR, 3 * HOUR, 20 * HOUR);
        final Figures partial =
                new Figures("partial", true, NOW - 2 * DAY, NOW - 2 * DAY + HOUR, HOUR, 3 * HOUR, null, null, null);
        final Figures old = new Figures(
                "old", true, NOW - 20 * DAY, NOW - 20 * DAY + 9 * HOUR, 9 * HOUR, 9 * HOUR, 9 * HOUR, 9 * HOUR, null);

        final Reliability reliability = Reliability.compute(List.of(recent, partial, old), NOW);
        final WindowFigures week = reliability.window(Window.LAST_7_DAYS);
        final WindowFigures month = reliability.window(Window.LAST_30_DAYS);

        assertThat(week.investigating()).isEqualTo(new Summary(2, 2 * HOUR, null, null));
        assertThat(week.repairing().samples()).isEqualTo(1);
        assertThat(week.repairing().mean()).isEqualTo(2 * HOUR);
        assertThat(week.checking().mean()).isEqualTo(3 * HOUR);
        assertThat(week.learning()).isEqualTo(new Summary(1, 20 * HOUR, null, null));
        assertThat(month.investigating().samples()).isEqualTo(3);
        assertThat(month.repairing().mean()).isEqualTo((2 * HOUR + 9 * HOUR) / 2);
        assertThat(month.learning().samples()).isEqualTo(1);
    }

    @Test
    void shouldListWindowsInEnumOrderWhenComputed() {
        final Reliability reliability = Reliability.compute(List.of(incident("a", NOW - DAY, HOUR)), NOW);

        assertThat(reliability.windows()).extracting(WindowFigures::window).containsExactly(Window.values());
    }

    @Test
    void shouldReturnEarliestTimeAnIncidentLeavesABoundedWindowWhenAsked() {
        final Figures open = incident("open", NOW - 3 * DAY, null);
        final Figures resolved = incident("resolved", NOW - 10 * DAY, 5 * DAY);
        final Figures old = incident("old", NOW - 200 * DAY, HOUR);

        // open leaves 7 d at -3 d + 7 d; resolved's start already left 7 d, its resolution (-5 d) leaves at +2 d.
        assertThat(Reliability.nextChange(List.of(open, resolved, old), NOW)).isEqualTo(NOW - 5 * DAY + 7 * DAY);
        assertThat(Reliability.nextChange(List.of(open), NOW)).isEqualTo(NOW + 4 * DAY);
        assertThat(Reliability.nextChange(List.of(incident("m", NOW - 60 * DAY, HOUR)), NOW))
                .isEqualTo(NOW - 60 * DAY + 90 * DAY);
        assertThat(Reliability.nextChange(List.of(old), NOW)).isNull();
        assertThat(Reliability.nextChange(List.of(uncounted(open)), NOW)).isNull();
        assertThat(Reliability.nextChange(List.of(), NOW)).isNull();
    }

    @Test
    void shouldLookPastNowWhenAnIncidentLeavesAWindowExactlyNow() {
        final Figures leavingNow = incident("a", NOW - 7 * DAY, null);

        assertThat(Reliability.nextChange(List.of(leavingNow), NOW)).isEqualTo(NOW - 7 * DAY + 30 * DAY);
    }

    /**
     * {@link Reliability#nextChange} is what lets the processor skip every service whose figures cannot have moved:
     * the figures must stay the same until that time, and change at it.
     */
    @Test
    void shouldKeepFiguresUntilNextChangeAndChangeThenWhenTimePasses() {
        final Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            final List<Figures> incidents = new ArrayList<>();
            final int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                final long start = NOW - (long) (random.nextDouble() * 120 * DAY);
                final Long ttr = random.nextInt(4) == 0 ? null : (long) (random.nextDouble() * 3 * DAY);
                final Figures f = incident("i" + i, start, ttr);
                incidents.add(random.nextInt(6) == 0 ? uncounted(f) : f);
            }
            long now = NOW;
            Long next = Reliability.nextChange(incidents, now);
            while (next != null) {
                assertThat(next).isGreaterThan(now);
                final Reliability current = Reliability.compute(incidents, now);
                assertThat(Reliability.compute(incidents, next - 1)).isEqualTo(current);
                assertThat(Reliability.compute(incidents, next)).isNotEqualTo(current);
                now = next;
                next = Reliability.nextChange(incidents, now);
            }
            assertThat(Reliability.compute(incidents, now + 365 * DAY)).isEqualTo(Reliability.compute(incidents, now));
        }
    }
}
