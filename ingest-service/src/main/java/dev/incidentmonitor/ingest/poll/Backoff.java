package dev.incidentmonitor.ingest.poll;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When to poll a page next: its interval while it answers, doubling per consecutive failure up to a cap, never
 * sooner than the page's {@code Retry-After}, with random jitter so thousands of pages do not stay in step. Pure
 * functions; {@link PollScheduler} supplies the random numbers.
 *
 * @param jitter relative spread of every delay, e.g. 0.1 for ±10%
 * @param cap the longest delay doubling reaches (a page's own interval, if longer, is kept)
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a page asking for more is polled after this
 */
public record Backoff(double jitter, Duration cap, Duration maxRetryAfter) {
    /** Doubling stops growing after this many failures (2^20 intervals is past any sensible cap). */
    private static final int MAX_DOUBLINGS = 20;

    public Backoff {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        if (cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("cap must be positive: " + cap);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative: " + maxRetryAfter);
        }
    }

    /** ±10% jitter, a 10-minute cap, {@code Retry-After} honoured up to an hour. */
    public static Backoff defaults() {
        return new Backoff(0.1, Duration.ofMinutes(10), Duration.ofHours(1));
    }

    /**
     * The delay before the next poll, without jitter: {@code interval} after a success; {@code interval × 2^n}
     * after {@code n} failures in a row, at most {@code max(cap, interval)}; and in any case at least the page's
     * {@code Retry-After} (itself at most {@link #maxRetryAfter()}).
     *
     * @param interval the page's poll interval
     * @param consecutiveFailures failed polls in a row, 0 after a success
     * @param retryAfter the longest {@code Retry-After} of the last poll, if any
     */
    public Duration delay(Duration interval, int consecutiveFailures, Optional<Duration> retryAfter) {
        Duration delay = interval;
        if (consecutiveFailures > 0) {
            Duration doubled = interval.multipliedBy(1L << Math.min(consecutiveFailures, MAX_DOUBLINGS));
            Duration ceiling = cap.compareTo(interval) > 0 ? cap : interval;
            delay = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
        }
        Duration floor = floor(retryAfter);
        return delay.compareTo(floor) < 0 ? floor : delay;
    }

    /**
     * {@link #delay} spread by the jitter: {@code delay × (1 + jitter × (2 × random − 1))}, never below the
     * honoured {@code Retry-After}.
     *
     * @param random a uniform number in [0, 1)
     */
    public Duration nextDelay(
            Duration interval, int consecutiveFailures, Optional<Duration> retryAfter, double random) {
        Duration delay = delay(interval, consecutiveFailures, retryAfter);
        Duration jittered = scale(delay, 1 + jitter * (2 * random - 1));
        Duration floor = floor(retryAfter);
        return jittered.compareTo(floor) < 0 ? floor : jittered;
    }

    /**
     * When to poll a page first: a random point of its first interval, so pages loaded together do not fire
     * together.
     *
     * @param random a uniform number in [0, 1)
     */
    public Duration initialOffset(Duration interval, double random) {
        return scale(interval, random);
    }

    private Duration floor(Optional<Duration> retryAfter) {
        if (retryAfter.isEmpty() || retryAfter.get().isNegative()) {
            return Duration.ZERO;
        }
        return retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
    }

    private static Duration scale(Duration duration, double factor) {
        return Duration.ofNanos(Math.round(duration.toNanos() * factor));
    }
}
