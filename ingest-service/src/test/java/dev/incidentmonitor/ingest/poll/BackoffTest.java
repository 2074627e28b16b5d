package dev.incidentmonitor.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final Backoff backoff = Backoff.defaults();

    @Test
    void shouldWaitTheIntervalWhenThereIsNoFailure() {
        assertThat(backoff.delay(MINUTE, 0, Optional.empty())).isEqualTo(MINUTE);
    }

    @Test
    void shouldDoubleTheDelayPerFailureUpToTheCapWhenFailuresRepeat() {
        assertThat(backoff.delay(MINUTE, 1, Optional.empty())).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.delay(MINUTE, 2, Optional.empty())).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.delay(MINUTE, 3, Optional.empty())).isEqualTo(Duration.ofMinutes(8));
        assertThat(backoff.delay(MINUTE, 4, Optional.empty())).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.delay(MINUTE, 1000, Optional.empty())).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldKeepALongIntervalWhenTheIntervalIsAboveTheCap() {
        assertThat(backoff.delay(Duration.ofMinutes(20), 3, Optional.empty())).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldWaitAtLeastTheRetryAfterWhenThePageAsksForIt() {
        assertThat(backoff.delay(MINUTE, 0, Optional.of(Duration.ofMinutes(5)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(MINUTE, 1, Optional.of(Duration.ofMinutes(15))))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.delay(MINUTE, 4, Optional.of(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldHonourRetryAfterOnlyUpToTheMaximumWhenThePageAsksForHours() {
        assertThat(backoff.delay(MINUTE, 0, Optional.of(Duration.ofHours(6)))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldSpreadTheDelayByTheJitterWhenRandomIsAtItsEnds() {
        assertThat(backoff.nextDelay(MINUTE, 0, Optional.empty(), 0.0)).isEqualTo(Duration.ofSeconds(54));
        assertThat(backoff.nextDelay(MINUTE, 0, Optional.empty(), 0.5)).isEqualTo(MINUTE);
        assertThat(backoff.nextDelay(MINUTE, 0, Optional.empty(), 0.75)).isEqualTo(Duration.ofSeconds(63));
        assertThat(backoff.nextDelay(MINUTE, 2, Optional.empty(), 0.0)).isEqualTo(Duration.ofSeconds(216));
    }

    @Test
    void shouldNeverJitterBelowTheRetryAfterWhenThePageAskedToWait() {
        assertThat(backoff.nextDelay(MINUTE, 0, Optional.of(MINUTE), 0.0)).isEqualTo(MINUTE);
    }

    @Test
    void shouldStartAtTheRandomPointOfTheFirstIntervalWhenSpreadingTheStart() {
        assertThat(backoff.initialOffset(MINUTE, 0.25)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.initialOffset(MINUTE, 0.0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldRejectJitterOfOneOrMoreWhenConstructed() {
        assertThatThrownBy(() -> new Backoff(1.0, MINUTE, MINUTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter");
    }
}
