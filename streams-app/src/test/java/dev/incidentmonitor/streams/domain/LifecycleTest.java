package dev.incidentmonitor.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-incident state machine: markers from the whole set of updates (earliest time per status, keep-alives
 * ignored), the current stage (ties at the same minute resolved by stage, not by arrival), reopen counting, first and
 * last resolution, maintenances, and which incidents count.
 */
class LifecycleTest {

    private static final long T0 = Instant.parse("2024-04-10T08:00:00Z").toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private static Update update(final String id, final Status status, final long minutes) {
        return new Update(id, status, T0 + minutes * MINUTE);
    }

    private static long time(final long minutes) {
        return T0 + minutes * MINUTE;
    }

    @Test
    void shouldTakeEarliestDisplayTimePerStatusWhenStatusRepeats() {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.INVESTIGATING, 15),
                        update("c", Status.IDENTIFIED, 30),
                        update("d", Status.IDENTIFIED, 45),
                        update("e", Status.MONITORING, 60),
                        update("f", Status.RESOLVED, 90),
                        update("g", Status.POSTMORTEM, 2_000),
                        update("h", Status.POSTMORTEM, 3_000)),
                false);

        assertThat(lifecycle.markers()).isEqualTo(new Markers(time(0), time(30), time(60), time(90), time(2_000)));
    }

    @Test
    void shouldIgnoreUpdateRowsWhenDerivingMarkersAndStage() {
        final List<Update> withKeepAlives = List.of(
                update("k0", Status.UPDATE, -30),
                update("a", Status.INVESTIGATING, 0),
                update("k1", Status.UPDATE, 10),
                update("b", Status.RESOLVED, 40),
                update("k2", Status.UPDATE, 50));
        final List<Update> without = List.of(update("a", Status.INVESTIGATING, 0), update("b", Status.RESOLVED, 40));

        final Lifecycle lifecycle = Lifecycle.of(withKeepAlives, false);

        assertThat(lifecycle.markers()).isEqualTo(Lifecycle.of(without, false).markers());
        assertThat(lifecycle.markers().start()).isEqualTo(time(0));
        assertThat(lifecycle.stage()).isEqualTo(Status.RESOLVED);
        assertThat(lifecycle.reopenCount()).isZero();
        assertThat(lifecycle.lastUpdateTime()).isEqualTo(time(50));
    }

    @Test
    void shouldReportKeepAliveStageWhenIncidentHasOnlyKeepAlives() {
        final Lifecycle lifecycle = Lifecycle.of(List.of(update("k", Status.UPDATE, 0)), false);

        assertThat(lifecycle.stage()).isEqualTo(Status.UPDATE);
        assertThat(lifecycle.markers()).isEqualTo(Markers.NONE);
        assertThat(lifecycle.counted()).isFalse();
        assertThat(lifecycle.open()).isFalse();
    }

    @Test
    void shouldReportUnknownStageWhenIncidentHasNoUpdate() {
        final Lifecycle lifecycle = Lifecycle.of(List.of(), false);

        assertThat(lifecycle.stage()).isEqualTo(Status.UNKNOWN);
        assertThat(lifecycle.lastUpdateTime()).isNull();
        assertThat(lifecycle.counted()).isFalse();
    }

    @Test
    void shouldDeriveSameLifecycleWhenUpdatesArriveInAnyOrder() {
        final List<Update> updates = new ArrayList<>(List.of(
                update("a", Status.INVESTIGATING, 0),
                update("b", Status.UPDATE, 5),
                update("c", Status.IDENTIFIED, 20),
                update("d", Status.MONITORING, 20),
                update("e", Status.RESOLVED, 60),
                update("f", Status.INVESTIGATING, 70),
                update("g", Status.RESOLVED, 80),
                update("h", Status.POSTMORTEM, 5_000)));
        final Lifecycle expected = Lifecycle.of(updates, false);
        final Random random = new Random(42);

        for (int i = 0; i < 20; i++) {
            Collections.shuffle(updates, random);
            assertThat(Lifecycle.of(updates, false)).isEqualTo(expected);
        }
        assertThat(expected.stage()).isEqualTo(Status.POSTMORTEM);
        assertThat(expected.reopenCount()).isEqualTo(1);
    }

    @Test
    void shouldTakeLaterStageWhenTwoStatusesShareTheSameMinute() {
        // Update ids sort the other way round, so an id tie-break would pick INVESTIGATING.
        final Lifecycle resolvedTie = Lifecycle.of(
                List.of(update("z-investigating", Status.INVESTIGATING, 0), update("a-resolved", Status.RESOLVED, 0)),
                false);
        final Lifecycle monitoringTie = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("y-monitoring", Status.MONITORING, 30),
                        update("x-identified", Status.IDENTIFIED, 30)),
                false);

        assertThat(resolvedTie.stage()).isEqualTo(Status.RESOLVED);
        assertThat(resolvedTie.open()).isFalse();
        assertThat(resolvedTie.reopenCount()).isZero();
        assertThat(resolvedTie.markers().timeToResolve()).isZero();
        assertThat(monitoringTie.stage()).isEqualTo(Status.MONITORING);
        assertThat(monitoringTie.markers().outOfOrder()).isFalse();
    }

    @Test
    void shouldTakeLatestStageInEventTimeWhenStatusesGoBackwards() {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.MONITORING, 20),
                        update("c", Status.IDENTIFIED, 40)),
                false);

        assertThat(lifecycle.stage()).isEqualTo(Status.IDENTIFIED);
        assertThat(lifecycle.open()).isTrue();
        assertThat(lifecycle.reopenCount()).isZero();
        assertThat(lifecycle.markers().outOfOrder()).isTrue();
        assertThat(lifecycle.counted()).isFalse();
    }

    @Test
    void shouldCountEachReopenWhenOpenStageFollowsResolution() {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.RESOLVED, 30),
                        update("c", Status.UPDATE, 35),
                        update("d", Status.INVESTIGATING, 40),
                        update("e", Status.IDENTIFIED, 45),
                        update("f", Status.RESOLVED, 60),
                        update("g", Status.RESOLVED, 65),
                        update("h", Status.MONITORING, 70),
                        update("i", Status.RESOLVED, 90)),
                false);

        assertThat(lifecycle.reopenCount()).isEqualTo(2);
        assertThat(lifecycle.firstResolved()).isEqualTo(time(30));
        assertThat(lifecycle.lastResolved()).isEqualTo(time(90));
        assertThat(lifecycle.markers().s4()).isEqualTo(time(30));
        assertThat(lifecycle.markers().timeToResolve()).isEqualTo(time(30) - time(0));
        assertThat(lifecycle.stage()).isEqualTo(Status.RESOLVED);
    }

    @Test
    void shouldCountReopenWhenIncidentOpensAgainAfterPostmortem() {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.RESOLVED, 30),
                        update("c", Status.POSTMORTEM, 300),
                        update("d", Status.INVESTIGATING, 400)),
                false);

        assertThat(lifecycle.reopenCount()).isEqualTo(1);
        assertThat(lifecycle.open()).isTrue();
        assertThat(lifecycle.lastResolved()).isEqualTo(time(30));
    }

    @Test
    void shouldNotCountReopenWhenResolutionIsOnlyRepeated() {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.RESOLVED, 30),
                        update("c", Status.RESOLVED, 50),
                        update("d", Status.POSTMORTEM, 300)),
                false);

        assertThat(lifecycle.reopenCount()).isZero();
        assertThat(lifecycle.firstResolved()).isEqualTo(time(30));
        assertThat(lifecycle.lastResolved()).isEqualTo(time(50));
    }

    @Test
    void shouldFlagReopenThroughMonitoringAsOutOfOrderWhenMonitoringFirstAppearsAfterResolution() {
        // SPEC.md: S3 is the earliest monitoring time; after a resolution it is later than S4, an inverted pair.
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.RESOLVED, 30),
                        update("c", Status.MONITORING, 40),
                        update("d", Status.RESOLVED, 60)),
                false);

        assertThat(lifecycle.reopenCount()).isEqualTo(1);
        assertThat(lifecycle.markers().outOfOrder()).isTrue();
        assertThat(lifecycle.counted()).isFalse();
    }

    @Test
    void shouldTreatIncidentAsMaintenanceWhenImpactSaysSo() {
        final Lifecycle lifecycle =
                Lifecycle.of(List.of(update("a", Status.INVESTIGATING, 0), update("b", Status.RESOLVED, 30)), true);

        assertThat(lifecycle.maintenance()).isTrue();
        assertThat(lifecycle.markers().timeToResolve()).isEqualTo(30 * MINUTE);
        assertThat(lifecycle.counted()).isFalse();
    }

    @Test
    void shouldTreatIncidentAsMaintenanceWhenAnyStatusIsAMaintenanceStatus() {
        final Lifecycle running =
                Lifecycle.of(List.of(update("a", Status.SCHEDULED, 0), update("b", Status.IN_PROGRESS, 60)), false);
        final Lifecycle verifying = Lifecycle.of(List.of(update("a", Status.VERIFYING, 0)), false);
        final Lifecycle completed = Lifecycle.of(
                List.of(
                        update("a", Status.SCHEDULED, 0),
                        update("b", Status.IN_PROGRESS, 60),
                        update("c", Status.RESOLVED, 120),
                        update("d", Status.COMPLETED, 120)),
                false);

        assertThat(running.maintenance()).isTrue();
        assertThat(running.open()).isTrue();
        assertThat(running.stage()).isEqualTo(Status.IN_PROGRESS);
        assertThat(running.markers()).isEqualTo(Markers.NONE);
        assertThat(verifying.maintenance()).isTrue();
        assertThat(verifying.open()).isTrue();
        assertThat(completed.maintenance()).isTrue();
        assertThat(completed.open()).isFalse();
        assertThat(completed.markers().start()).isEqualTo(time(120));
        assertThat(completed.counted()).isFalse();
    }

    @Test
    void shouldCountIncidentWhenStartedInOrderAndNotMaintenance() {
        final Lifecycle resolvedOnly = Lifecycle.of(List.of(update("a", Status.RESOLVED, 10)), false);
        final Lifecycle postmortemOnly = Lifecycle.of(List.of(update("a", Status.POSTMORTEM, 10)), false);
        final Lifecycle open = Lifecycle.of(List.of(update("a", Status.INVESTIGATING, 10)), false);

        assertThat(resolvedOnly.counted()).isTrue();
        assertThat(resolvedOnly.markers().start()).isEqualTo(time(10));
        assertThat(postmortemOnly.counted()).isFalse();
        assertThat(postmortemOnly.stage()).isEqualTo(Status.POSTMORTEM);
        assertThat(open.counted()).isTrue();
        assertThat(open.open()).isTrue();
    }

    @Test
    void shouldCarryLifecycleIntoFiguresWhenIncidentIsSummarised() {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        update("a", Status.INVESTIGATING, 0),
                        update("b", Status.IDENTIFIED, 10),
                        update("c", Status.MONITORING, 25),
                        update("d", Status.RESOLVED, 45),
                        update("e", Status.POSTMORTEM, 1_000)),
                false);

        final Figures figures = Figures.of("inc-1", lifecycle);

        assertThat(figures)
                .isEqualTo(new Figures(
                        "inc-1",
                        true,
                        time(0),
                        time(45),
                        45 * MINUTE,
                        10 * MINUTE,
                        15 * MINUTE,
                        20 * MINUTE,
                        955 * MINUTE));
    }
}
