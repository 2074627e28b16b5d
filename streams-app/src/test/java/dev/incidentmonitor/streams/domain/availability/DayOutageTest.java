package dev.incidentmonitor.streams.domain.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DayOutageTest {

    private static final LocalDate DAY = LocalDate.parse("2024-06-04");

    private static long minutes(final long n) {
        return Duration.ofMinutes(n).toMillis();
    }

    @Test
    void shouldWeighPartialOutageAtStatuspagesThirtyPercentWhenTheWeightIsDefault() {
        final DayOutage day = new DayOutage(DAY, minutes(30), minutes(120));

        assertThat(day.scaledMillis(0.3)).isEqualTo(minutes(66));
        assertThat(day.availability(0.3)).isEqualTo(1 - 66.0 / 1440);
    }

    @Test
    void shouldCountPartialOutageAsFullyDownWhenTheWeightIsOne() {
        final DayOutage day = new DayOutage(DAY, minutes(30), minutes(120));

        assertThat(day.scaledMillis(1.0)).isEqualTo(minutes(150));
        assertThat(day.availability(1.0)).isEqualTo(1 - 150.0 / 1440);
        assertThat(day.scaledMillis(0.0)).isEqualTo(minutes(30));
    }

    @Test
    void shouldRoundTheScaledTimeToTheMillisecondWhenTheWeightLeavesAFraction() {
        assertThat(new DayOutage(DAY, 0, 5).scaledMillis(0.3)).isEqualTo(2); // 1.5 ms
        assertThat(new DayOutage(DAY, 0, 1).scaledMillis(0.3)).isZero(); // 0.3 ms
        assertThat(new DayOutage(DAY, 7, 10).scaledMillis(0.3)).isEqualTo(10);
    }

    @Test
    void shouldBeFullyAvailableAndNoOutageDayWhenNothingWasDown() {
        final DayOutage day = new DayOutage(DAY, 0, 0);

        assertThat(day.availability(0.3)).isEqualTo(1.0);
        assertThat(day.outage()).isFalse();
        assertThat(new DayOutage(DAY, 0, 1).outage()).isTrue();
        assertThat(new DayOutage(DAY, 1, 0).outage()).isTrue();
    }

    @Test
    void shouldKeepAvailabilityAtZeroWhenTheScaledTimeExceedsFourteenHundredFortyMinutes() {
        final DayOutage longDay = new DayOutage(DAY, minutes(1500), 0);
        final DayOutage exactlyDown = new DayOutage(DAY, minutes(1440), 0);
        final DayOutage partialOnly = new DayOutage(DAY, 0, minutes(1500));

        assertThat(longDay.availability(0.3)).isZero();
        assertThat(exactlyDown.availability(0.3)).isZero();
        assertThat(partialOnly.availability(1.0)).isZero();
        assertThat(partialOnly.availability(0.3)).isEqualTo(1 - 450.0 / 1440);
    }
}
