package dev.incidentmonitor.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The markers S1..S5 and every figure SPEC.md derives from them: which figure exists for which markers, its value,
 * the start, and the out-of-order rule. The study's worked example is checked both in hours (as the paper prints
 * it, two decimals) and to the millisecond.
 */
class MarkersTest {

    private static final long T0 = Instant.parse("2024-04-10T08:00:00Z").toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private static long at(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static Markers markers(final Long s1, final Long s2, final Long s3, final Long s4, final Long s5) {
        return new Markers(s1, s2, s3, s4, s5);
    }

    private static BigDecimal hours(final long millis) {
        return BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(3_600_000L), 2, RoundingMode.HALF_UP);
    }

    @Test
    void shouldReproduceStudyWorkedExampleWhenAllFiveMarkersArePresent() {
        final long s1 = at("2024-04-10T17:56:00Z");
        final long s2 = at("2024-04-10T20:39:00Z");
        final long s3 = at("2024-04-10T20:49:00Z");
        final long s4 = at("2024-04-10T20:56:00Z");
        final long s5 = at("2024-04-18T00:01:00Z");

        final Markers m = markers(s1, s2, s3, s4, s5);

        assertThat(hours(m.investigatingPeriod())).isEqualByComparingTo("2.72");
        assertThat(hours(m.repairingPeriod())).isEqualByComparingTo("0.17");
        assertThat(hours(m.checkingPeriod())).isEqualByComparingTo("0.12");
        assertThat(hours(m.learningPeriod())).isEqualByComparingTo("171.08");
        assertThat(hours(m.timeToResolve())).isEqualByComparingTo("3.00");

        assertThat(m.investigatingPeriod())
                .isEqualTo(Duration.ofHours(2).plusMinutes(43).toMillis());
        assertThat(m.repairingPeriod()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(m.checkingPeriod()).isEqualTo(Duration.ofMinutes(7).toMillis());
        assertThat(m.learningPeriod())
                .isEqualTo(Duration.ofDays(7).plusHours(3).plusMinutes(5).toMillis());
        assertThat(m.timeToResolve()).isEqualTo(Duration.ofHours(3).toMillis());
        assertThat(m.start()).isEqualTo(s1);
        assertThat(m.combination()).isEqualTo("S1-S2-S3-S4-S5");
        assertThat(m.outOfOrder()).isFalse();
    }

    @Test
    void shouldKeepEarliestTimeWhenMarkerIsAppliedAgain() {
        final Markers m =
                Markers.NONE.with(1, T0 + 30 * MINUTE).with(1, T0 + 10 * MINUTE).with(1, T0 + 20 * MINUTE);

        assertThat(m.s1()).isEqualTo(T0 + 10 * MINUTE);
        assertThat(m).isEqualTo(markers(T0 + 10 * MINUTE, null, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("markerIndexes")
    void shouldSetOnlyTheIndexedMarkerWhenApplied(final int index, final Function<Markers, Long> marker) {
        final Markers m = Markers.NONE.with(index, T0);

        assertThat(marker.apply(m)).isEqualTo(T0);
        assertThat(m.combination()).isEqualTo("S" + index);
    }

    static Stream<Arguments> markerIndexes() {
        return Stream.of(
                Arguments.of(1, (Function<Markers, Long>) Markers::s1),
                Arguments.of(2, (Function<Markers, Long>) Markers::s2),
                Arguments.of(3, (Function<Markers, Long>) Markers::s3),
                Arguments.of(4, (Function<Markers, Long>) Markers::s4),
                Arguments.of(5, (Function<Markers, Long>) Markers::s5));
    }

    @Test
    void shouldRejectMarkerIndexWhenOutsideOneToFive() {
        assertThatThrownBy(() -> Markers.NONE.with(0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Markers.NONE.with(6, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Each period exists exactly when both of its markers are present, and is later minus earlier. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("periods")
    void shouldDefinePeriodOnlyWhenBothMarkersArePresent(
            final String name, final int earlier, final int later, final Function<Markers, Long> period) {
        final long from = T0 + earlier * 7 * MINUTE;
        final long to = T0 + later * 11 * MINUTE;
        final Markers both = Markers.NONE.with(earlier, from).with(later, to);

        assertThat(period.apply(both)).isEqualTo(to - from);
        assertThat(period.apply(Markers.NONE.with(earlier, from))).isNull();
        assertThat(period.apply(Markers.NONE.with(later, to))).isNull();

        Markers allOthers = Markers.NONE;
        for (int i = 1; i <= 5; i++) {
            if (i != earlier) {
                allOthers = allOthers.with(i, T0 + i * 13 * MINUTE);
            }
        }
        assertThat(period.apply(allOthers)).isNull();
    }

    static Stream<Arguments> periods() {
        return Stream.of(
                Arguments.of("P_I", 1, 2, (Function<Markers, Long>) Markers::investigatingPeriod),
                Arguments.of("P_R", 2, 3, (Function<Markers, Long>) Markers::repairingPeriod),
                Arguments.of("P_C", 3, 4, (Function<Markers, Long>) Markers::checkingPeriod),
                Arguments.of("P_L", 4, 5, (Function<Markers, Long>) Markers::learningPeriod));
    }

    @Test
    void shouldMeasureTimeToResolveFromEarliestOfFirstThreeMarkersWhenResolved() {
        final long s1 = T0 + 20 * MINUTE;
        final long s2 = T0 + 5 * MINUTE;
        final long s3 = T0 + 40 * MINUTE;
        final long s4 = T0 + 90 * MINUTE;

        assertThat(markers(s1, s2, s3, s4, null).timeToResolve()).isEqualTo(s4 - s2);
        assertThat(markers(null, null, s3, s4, null).timeToResolve()).isEqualTo(s4 - s3);
        assertThat(markers(null, s2, null, s4, null).timeToResolve()).isEqualTo(s4 - s2);
        assertThat(markers(s1, null, null, s4, null).timeToResolve()).isEqualTo(s4 - s1);
    }

    @Test
    void shouldLeaveTimeToResolveUndefinedWhenResolvedOnlyOrNotResolved() {
        final long s4 = T0 + 90 * MINUTE;

        assertThat(markers(null, null, null, s4, T0 + Duration.ofDays(3).toMillis())
                        .timeToResolve())
                .isNull();
        assertThat(markers(T0, T0 + MINUTE, T0 + 2 * MINUTE, null, null).timeToResolve())
                .isNull();
        assertThat(Markers.NONE.timeToResolve()).isNull();
    }

    @Test
    void shouldStartAtEarliestOfFirstFourMarkersWhenAnyIsPresent() {
        assertThat(markers(T0 + 3, T0 + 1, T0 + 2, T0 + 4, T0).start()).isEqualTo(T0 + 1);
        assertThat(markers(null, null, T0 + 2, T0 + 4, null).start()).isEqualTo(T0 + 2);
        assertThat(markers(T0 + 9, null, null, T0 + 4, null).start()).isEqualTo(T0 + 4);
    }

    @Test
    void shouldStartAtResolutionWhenIncidentIsPostedOnlyAsResolved() {
        final long s4 = T0 + 90 * MINUTE;

        final Markers m = markers(null, null, null, s4, null);

        assertThat(m.start()).isEqualTo(s4);
        assertThat(m.timeToResolve()).isNull();
        assertThat(m.combination()).isEqualTo("S4");
    }

    @Test
    void shouldHaveNoStartWhenOnlyPostmortemIsPresent() {
        assertThat(markers(null, null, null, null, T0).start()).isNull();
        assertThat(Markers.NONE.start()).isNull();
        assertThat(Markers.NONE.combination()).isEmpty();
    }

    @Test
    void shouldImputeNothingWhenStageMarkersAreMissing() {
        final long s1 = T0;
        final long s3 = T0 + 50 * MINUTE;
        final long s4 = T0 + 60 * MINUTE;

        final Markers m = markers(s1, null, s3, s4, null);

        assertThat(m.investigatingPeriod()).isNull();
        assertThat(m.repairingPeriod()).isNull();
        assertThat(m.checkingPeriod()).isEqualTo(s4 - s3);
        assertThat(m.learningPeriod()).isNull();
        assertThat(m.timeToResolve()).isEqualTo(s4 - s1).isNotEqualTo(m.checkingPeriod());
        assertThat(m.combination()).isEqualTo("S1-S3-S4");
    }

    /** Every one of the four adjacent pairs flags the incident when it is inverted, on its own. */
    @ParameterizedTest(name = "S{0} > S{1}")
    @MethodSource("adjacentPairs")
    void shouldFlagOutOfOrderWhenAdjacentPairIsInverted(final int earlier, final int later) {
        Markers inOrder = Markers.NONE;
        for (int i = 1; i <= 5; i++) {
            inOrder = inOrder.with(i, T0 + i * 10 * MINUTE);
        }
        assertThat(inOrder.outOfOrder()).isFalse();

        final Markers inverted = swap(inOrder, earlier, later);

        assertThat(inverted.outOfOrder()).isTrue();
    }

    @ParameterizedTest(name = "S{0} = S{1}")
    @MethodSource("adjacentPairs")
    void shouldNotFlagOutOfOrderWhenAdjacentMarkersAreEqual(final int earlier, final int later) {
        final Markers m = Markers.NONE.with(earlier, T0).with(later, T0);

        assertThat(m.outOfOrder()).isFalse();
    }

    static Stream<Arguments> adjacentPairs() {
        return Stream.of(Arguments.of(1, 2), Arguments.of(2, 3), Arguments.of(3, 4), Arguments.of(4, 5));
    }

    private static Markers swap(final Markers m, final int a, final int b) {
        final Long[] all = {m.s1(), m.s2(), m.s3(), m.s4(), m.s5()};
        final Long tmp = all[a - 1];
        all[a - 1] = all[b - 1];
        all[b - 1] = tmp;
        return new Markers(all[0], all[1], all[2], all[3], all[4]);
    }

    @Test
    void shouldNotCompareMarkersWhenTheyAreNotAdjacentOrAPairMemberIsMissing() {
        // S1 after S3 and S4, but S2 missing: neither S1/S2 nor S2/S3 is compared, and S3 < S4.
        assertThat(markers(T0 + 100, null, T0 + 10, T0 + 20, null).outOfOrder()).isFalse();
        // S1 after S4 with S2 and S3 missing: no adjacent pair has both markers.
        assertThat(markers(T0 + 100, null, null, T0 + 20, null).outOfOrder()).isFalse();
        // S5 before S3 with S4 missing.
        assertThat(markers(null, null, T0 + 100, null, T0 + 20).outOfOrder()).isFalse();
        // S2 after S4 with S3 missing, S1 before S2.
        assertThat(markers(T0, T0 + 100, null, T0 + 20, null).outOfOrder()).isFalse();
    }

    @Test
    void shouldFlagOutOfOrderWhenOnlyOnePairOfSeveralIsInverted() {
        assertThat(markers(T0, T0 + 10, T0 + 30, T0 + 20, T0 + 40).outOfOrder()).isTrue();
        assertThat(markers(null, T0 + 10, null, T0 + 40, T0 + 20).outOfOrder()).isTrue();
    }
}
