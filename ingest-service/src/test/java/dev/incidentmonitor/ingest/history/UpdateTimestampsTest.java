package dev.incidentmonitor.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpdateTimestampsTest {

    private final UpdateTimestamps timestamps = new UpdateTimestamps(StudyCatalog.PACIFIC);

    @Test
    void shouldReadTheTrailingTimeWhenTextPrecedesIt() {
        final UpdateTimestamps.Parsed parsed = timestamps.parse("Posted 1 year ago. May 03, 2023 - 12:41 PDT");

        assertThat(parsed.instant()).isEqualTo(Instant.parse("2023-05-03T19:41:00Z"));
        assertThat(parsed.warning()).isNull();
    }

    @Test
    void shouldReadTheTimeWhenThePageUsedNonBreakingSpaces() {
        assertThat(timestamps
                        .parse("Posted 1 year ago.\u00a0May 03, 2023 -\u00a012:41\u00a0PDT")
                        .instant())
                .isEqualTo(Instant.parse("2023-05-03T19:41:00Z"));
    }

    @Test
    void shouldUseStandardTimeWhenTheDateIsInWinter() {
        assertThat(timestamps.parse("Feb 09, 2021 - 10:00 PST").instant())
                .isEqualTo(Instant.parse("2021-02-09T18:00:00Z"));
    }

    @Test
    void shouldTellTheTwoPassesApartWhenTheHourRepeats() {
        assertThat(timestamps.parse("Nov 05, 2023 - 01:30 PDT").instant())
                .isEqualTo(Instant.parse("2023-11-05T08:30:00Z"));
        assertThat(timestamps.parse("Nov 05, 2023 - 01:30 PST").instant())
                .isEqualTo(Instant.parse("2023-11-05T09:30:00Z"));
        assertThat(timestamps.parse("Nov 05, 2023 - 01:30 PST").warning()).isNull();
    }

    @Test
    void shouldWarnWhenTheTimeFallsIntoTheSkippedHour() {
        final UpdateTimestamps.Parsed parsed = timestamps.parse("Mar 10, 2024 - 02:30 PST");

        assertThat(parsed.instant()).isEqualTo(Instant.parse("2024-03-10T10:30:00Z"));
        assertThat(parsed.warning())
                .isEqualTo("2024-03-10T02:30 does not exist in America/Los_Angeles (skipped when summer time starts);"
                        + " used the offset of PST (-08:00) from 'Mar 10, 2024 - 02:30 PST'");
    }

    @Test
    void shouldRejectTextWhenItDoesNotEndInATime() {
        assertThatThrownBy(() -> timestamps.parse("May 03, 2023 - 12:41 PDT (edited)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no 'Mon DD, YYYY - HH:MM PST|PDT' at the end of");
        assertThatThrownBy(() -> timestamps.parse("May 03, 2023 - 12:41 CET"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown month or zone abbreviation");
        assertThatThrownBy(() -> timestamps.parse("Feb 30, 2023 - 12:41 PST"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid date or time in 'Feb 30, 2023 - 12:41 PST'");
        assertThatThrownBy(() -> timestamps.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
