package dev.incidentmonitor.ingest.poll;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How {@link PollScheduler} paces polls.
 *
 * @param backoff delays, jitter and backoff
 * @param spreadStart start each page at a random point of its first interval (else all at once)
 * @param threads threads of the timer; they only start polls (the HTTP client's threads do the rest), so one
 *     or two serve thousands of pages
 * @param pollTimeout a safety net: a poll not finished after this is reported as {@link
 *     SourceHealth.Kind#TIMEOUT} and the page's schedule goes on (every request already has its own timeout;
 *     a poll makes at most a few rounds of requests)
 * @param shutdownTimeout how long {@link PollScheduler#close()} waits for polls in flight
 * @param shouldPoll asked with the provider id at every due poll: whether this instance polls the provider now
 *     (several instances share the providers; an instance skips those another one owns). A provider that stops
 *     being polled here has its metrics removed and its cached bodies forgotten, so a later owner starts afresh
 *     and the metrics of an instance describe only the pages it polls
 */
public record SchedulerSettings(
        Backoff backoff,
        boolean spreadStart,
        int threads,
        Duration pollTimeout,
        Duration shutdownTimeout,
        Predicate<String> shouldPoll) {

    public SchedulerSettings {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(shouldPoll, "shouldPoll");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new IllegalArgumentException("pollTimeout must be positive: " + pollTimeout);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative: " + shutdownTimeout);
        }
    }

    /**
     * Default backoff, spread start, one timer thread, 3-minute poll guard, 30 s to drain at shutdown, every
     * provider polled.
     */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(
                Backoff.defaults(), true, 1, Duration.ofMinutes(3), Duration.ofSeconds(30), id -> true);
    }

    /** These settings with another backoff. */
    public SchedulerSettings withBackoff(Backoff newBackoff) {
        return new SchedulerSettings(newBackoff, spreadStart, threads, pollTimeout, shutdownTimeout, shouldPoll);
    }

    /** These settings with another number of timer threads. */
    public SchedulerSettings withThreads(int newThreads) {
        return new SchedulerSettings(backoff, spreadStart, newThreads, pollTimeout, shutdownTimeout, shouldPoll);
    }

    /** These settings polling only the providers {@code predicate} accepts at the time a poll is due. */
    public SchedulerSettings withShouldPoll(Predicate<String> predicate) {
        return new SchedulerSettings(backoff, spreadStart, threads, pollTimeout, shutdownTimeout, predicate);
    }
}
