package dev.incidentmonitor.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rolling windows: 7, 30 and 90 days, half-open {@code (now - length, now]}, and all time. */
class WindowTest {

    private static final long NOW = 1_720_000_000_000L;

    @ParameterizedTest
    @CsvSource({"LAST_7_DAYS, 7", "LAST_30_DAYS, 30", "LAST_90_DAYS, 90"})
    void shouldContainOnlyTimesAfterWindowStartWhenBounded(final Window window, final long days) {
        final long length = Duration.ofDays(days).toMillis();

        assertThat(window.bounded()).isTrue();
        assertThat(window.millis()).isEqualTo(length);
        assertThat(window.contains(NOW, NOW)).isTrue();
        assertThat(window.contains(NOW - length + 1, NOW)).isTrue();
        assertThat(window.contains(NOW - length, NOW)).isFalse();
        assertThat(window.contains(NOW - length - 1, NOW)).isFalse();
    }

    @Test
    void shouldContainEveryTimeWhenWindowIsAllTime() {
        assertThat(Window.ALL_TIME.bounded()).isFalse();
        assertThat(Window.ALL_TIME.contains(0L, NOW)).isTrue();
        assertThat(Window.ALL_TIME.contains(Long.MIN_VALUE, NOW)).isTrue();
        assertThatThrownBy(Window.ALL_TIME::millis).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldListWindowsShortestFirstWhenIterated() {
        assertThat(Window.values())
                .containsExactly(Window.LAST_7_DAYS, Window.LAST_30_DAYS, Window.LAST_90_DAYS, Window.ALL_TIME);
    }
}
