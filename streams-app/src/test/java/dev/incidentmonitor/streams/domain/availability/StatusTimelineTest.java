package dev.incidentmonitor.streams.domain.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTimelineTest {

    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final long NEVER = Long.MAX_VALUE;

    /** Epoch millis of a local wall time in Los Angeles (the earlier offset when the time is ambiguous). */
    private static long la(final String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LA).toInstant().toEpochMilli();
    }

    private static long minutes(final long n) {
        return Duration.ofMinutes(n).toMillis();
    }

    private static StatusTimeline timeline(final Object... timeAndLevel) {
        final StatusTimeline timeline = new StatusTimeline();
        for (int i = 0; i < timeAndLevel.length; i += 2) {
            timeline.set((Long) timeAndLevel[i], (OutageLevel) timeAndLevel[i + 1]);
        }
        return timeline;
    }

    @Test
    void shouldSplitAnOutageAtLocalMidnightWhenItSpansTwoDays() {
        final StatusTimeline timeline = timeline(
                la("2024-06-04T23:00"), OutageLevel.MAJOR,
                la("2024-06-05T00:30"), OutageLevel.PARTIAL,
                la("2024-06-05T01:30"), OutageLevel.NONE);

        assertThat(timeline.day(LocalDate.parse("2024-06-04"), LA, NEVER))
                .isEqualTo(new DayOutage(LocalDate.parse("2024-06-04"), minutes(60), 0));
        assertThat(timeline.day(LocalDate.parse("2024-06-05"), LA, NEVER))
                .isEqualTo(new DayOutage(LocalDate.parse("2024-06-05"), minutes(30), minutes(60)));
    }

    @Test
    void shouldCountTheRealTwentyThreeHoursWhenADayLosesAnHourToSummerTime() {
        // 2024-03-10 in Los Angeles: 02:00 PST jumps to 03:00 PDT, the day lasts 23 hours.
        final StatusTimeline allDay =
                timeline(la("2024-03-09T22:00"), OutageLevel.MAJOR, la("2024-03-11T02:00"), OutageLevel.NONE);
        final StatusTimeline acrossTheJump =
                timeline(la("2024-03-10T01:00"), OutageLevel.PARTIAL, la("2024-03-10T04:00"), OutageLevel.NONE);

        final DayOutage day = allDay.day(LocalDate.parse("2024-03-10"), LA, NEVER);

        assertThat(day.majorMillis()).isEqualTo(minutes(23 * 60));
        assertThat(allDay.day(LocalDate.parse("2024-03-09"), LA, NEVER).majorMillis())
                .isEqualTo(minutes(120));
        assertThat(allDay.day(LocalDate.parse("2024-03-11"), LA, NEVER).majorMillis())
                .isEqualTo(minutes(120));
        // The formula keeps 1440 minutes: a fully down 23-hour day still shows 60 minutes of availability.
        assertThat(day.availability(0.3)).isEqualTo(1 - 1380.0 / 1440);
        // 01:00 to 04:00 on the wall clock is two real hours that day.
        assertThat(acrossTheJump.day(LocalDate.parse("2024-03-10"), LA, NEVER).partialMillis())
                .isEqualTo(minutes(120));
    }

    @Test
    void shouldCountTwentyFiveHoursAndNeverGoNegativeWhenADayGainsAnHourAtTheEndOfSummerTime() {
        // 2024-11-03 in Los Angeles: 02:00 PDT falls back to 01:00 PST, the day lasts 25 hours.
        final StatusTimeline allDay =
                timeline(la("2024-11-02T12:00"), OutageLevel.MAJOR, la("2024-11-04T12:00"), OutageLevel.NONE);
        final long firstOneAm = LocalDateTime.parse("2024-11-03T01:00")
                .atOffset(ZoneOffset.ofHours(-7))
                .toInstant()
                .toEpochMilli();
        final long secondOneAm = LocalDateTime.parse("2024-11-03T01:00")
                .atOffset(ZoneOffset.ofHours(-8))
                .toInstant()
                .toEpochMilli();
        final StatusTimeline repeatedHour =
                timeline(firstOneAm, OutageLevel.MAJOR, secondOneAm + minutes(30), OutageLevel.NONE);

        final DayOutage day = allDay.day(LocalDate.parse("2024-11-03"), LA, NEVER);

        assertThat(day.majorMillis()).isEqualTo(minutes(25 * 60));
        assertThat(day.scaledMillis(0.3)).isEqualTo(minutes(1500));
        assertThat(day.availability(0.3)).isZero();
        assertThat(day.availability(1.0)).isZero();
        assertThat(allDay.day(LocalDate.parse("2024-11-02"), LA, NEVER).majorMillis())
                .isEqualTo(minutes(12 * 60));
        assertThat(allDay.day(LocalDate.parse("2024-11-04"), LA, NEVER).majorMillis())
                .isEqualTo(minutes(12 * 60));
        // 01:00 PDT to 01:30 PST is 90 real minutes.
        assertThat(repeatedHour.day(LocalDate.parse("2024-11-03"), LA, NEVER).majorMillis())
                .isEqualTo(minutes(90));
    }

    @Test
    void shouldFillEveryDayInBetweenWhenAStatusIsHeldAcrossSeveralDays() {
        final StatusTimeline timeline = timeline(
                la("2024-06-01T00:00"), OutageLevel.NONE,
                la("2024-06-01T12:00"), OutageLevel.PARTIAL,
                la("2024-06-04T06:00"), OutageLevel.NONE);

        assertThat(List.of("2024-06-01", "2024-06-02", "2024-06-03", "2024-06-04", "2024-06-05").stream()
                        .map(d -> timeline.day(LocalDate.parse(d), LA, NEVER).partialMillis())
                        .toList())
                .containsExactly(minutes(12 * 60), minutes(24 * 60), minutes(24 * 60), minutes(6 * 60), 0L);
        assertThat(timeline.day(LocalDate.parse("2024-06-02"), LA, NEVER).majorMillis())
                .isZero();
    }

    @Test
    void shouldCountOnlyTheOutageSoFarWhenUntilCutsTheDay() {
        final StatusTimeline timeline = timeline(la("2024-06-04T10:00"), OutageLevel.MAJOR);
        final LocalDate day = LocalDate.parse("2024-06-04");

        assertThat(timeline.day(day, LA, la("2024-06-04T12:30")).majorMillis()).isEqualTo(minutes(150));
        assertThat(timeline.day(day, LA, la("2024-06-04T09:00")).majorMillis()).isZero();
        assertThat(timeline.day(day, LA, la("2024-06-03T20:00"))).isEqualTo(new DayOutage(day, 0, 0));
        assertThat(timeline.day(day, LA, la("2024-06-07T00:00")).majorMillis()).isEqualTo(minutes(14 * 60));
        assertThat(timeline.day(LocalDate.parse("2024-06-05"), LA, la("2024-06-05T00:45"))
                        .majorMillis())
                .isEqualTo(minutes(45));
    }

    @Test
    void shouldKeepTheMoreSevereStatusWhenTwoAreSetAtTheSameInstantInAnyOrder() {
        final long t = la("2024-06-04T10:00");
        final long end = la("2024-06-04T11:00");
        final StatusTimeline severeFirst = new StatusTimeline();
        final StatusTimeline severeLast = new StatusTimeline();

        assertThat(severeFirst.set(t, OutageLevel.MAJOR)).isTrue();
        assertThat(severeFirst.set(t, OutageLevel.PARTIAL)).isFalse();
        assertThat(severeFirst.set(t, OutageLevel.NONE)).isFalse();
        severeFirst.set(end, OutageLevel.NONE);
        assertThat(severeLast.set(end, OutageLevel.NONE)).isTrue();
        assertThat(severeLast.set(t, OutageLevel.NONE)).isTrue();
        assertThat(severeLast.set(t, OutageLevel.PARTIAL)).isTrue();
        assertThat(severeLast.set(t, OutageLevel.MAJOR)).isTrue();
        assertThat(severeLast.set(t, OutageLevel.MAJOR))
                .as("a repeat changes nothing")
                .isFalse();

        assertThat(severeLast.changes()).isEqualTo(severeFirst.changes());
        assertThat(severeLast.day(LocalDate.parse("2024-06-04"), LA, NEVER))
                .isEqualTo(new DayOutage(LocalDate.parse("2024-06-04"), minutes(60), 0));
    }

    @Test
    void shouldCountZeroWhenTheStatusIsDegradedMaintenanceOperationalOrUnknown() {
        assertThat(List.of(
                                "OPERATIONAL",
                                "DEGRADED_PERFORMANCE",
                                "degraded_performance",
                                "UNDER_MAINTENANCE",
                                "under_maintenance",
                                "UNKNOWN",
                                "something_new")
                        .stream()
                        .map(OutageLevel::of)
                        .distinct()
                        .toList())
                .containsExactly(OutageLevel.NONE);
        assertThat(OutageLevel.of(null)).isEqualTo(OutageLevel.NONE);
        assertThat(List.of("MAJOR_OUTAGE", "major_outage", "FULL_OUTAGE", "full_outage").stream()
                        .map(OutageLevel::of)
                        .distinct()
                        .toList())
                .containsExactly(OutageLevel.MAJOR);
        assertThat(OutageLevel.of("partial_outage")).isEqualTo(OutageLevel.PARTIAL);

        final StatusTimeline timeline = timeline(
                la("2024-06-04T01:00"), OutageLevel.of("degraded_performance"),
                la("2024-06-04T05:00"), OutageLevel.of("under_maintenance"),
                la("2024-06-04T09:00"), OutageLevel.of("full_outage"),
                la("2024-06-04T09:10"), OutageLevel.of("UNKNOWN"),
                la("2024-06-04T15:00"), OutageLevel.of("partial_outage"),
                la("2024-06-04T15:20"), OutageLevel.of("operational"));

        assertThat(timeline.day(LocalDate.parse("2024-06-04"), LA, NEVER))
                .isEqualTo(new DayOutage(LocalDate.parse("2024-06-04"), minutes(10), minutes(20)));
    }

    @Test
    void shouldCountNoOutageWhenTheDayLiesBeforeTheFirstChange() {
        final StatusTimeline timeline = new StatusTimeline(
                Map.of(la("2024-06-04T10:00"), OutageLevel.MAJOR, la("2024-06-04T10:30"), OutageLevel.NONE));

        assertThat(timeline.day(LocalDate.parse("2024-06-03"), LA, NEVER))
                .isEqualTo(new DayOutage(LocalDate.parse("2024-06-03"), 0, 0));
        assertThat(timeline.first()).isEqualTo(la("2024-06-04T10:00"));
        assertThat(timeline.nextChangeAfter(la("2024-06-04T10:00"))).isEqualTo(la("2024-06-04T10:30"));
        assertThat(timeline.nextChangeAfter(la("2024-06-04T10:30"))).isNull();
        assertThat(new StatusTimeline().first()).isNull();
    }
}
