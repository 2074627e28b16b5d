package dev.incidentmonitor.ingest.poll;

import dev.incidentmonitor.ingest.catalog.Durations;
import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every provider at its interval, forever, whatever the pages do.
 *
 * <ul>
 *   <li>Pacing: each page at its own interval with ±jitter, starting at a random point of its first interval so
 *       thousands of pages loaded together do not fire together (see {@link Backoff}).
 *   <li>Never two polls of one provider at once: the next poll is scheduled when the previous one completed.
 *   <li>Failures: a failed poll doubles the page's delay up to a cap; a success resets it; a {@code Retry-After}
 *       (429, 503) is honoured, also when only one request of an otherwise good poll got it.
 *   <li>Isolation: everything is caught per poll (the listener's exceptions included); one page failing never
 *       stops another or the scheduler.
 *   <li>Sharing: with several instances, {@link SchedulerSettings#shouldPoll()} says at each due poll whether this
 *       instance polls the provider; one it no longer polls loses its metrics and cached bodies here.
 *   <li>Logs: one line when a page's state changes (down with a new failure kind, recovered, degraded, drifting),
 *       not a stack trace per poll: {@code source anthropic down: HTTP 503 from https://.../api/v2/summary.json
 *       (3rd failure in a row, next try in 2m)}.
 * </ul>
 *
 * <p>Threads: a small timer ({@link SchedulerSettings#threads()}) only starts polls; the HTTP client's threads
 * complete them, record the metrics and call the {@link PollListener}, never concurrently for one provider.
 *
 * <p>It does not own the poller or its fetcher: close the scheduler first, then the fetcher.
 */
public final class PollScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);
    /** How many page names the start-up line lists. */
    static final int LOGGED_NAMES = 20;

    private final PagePoller poller;
    private final PollListener listener;
    private final PollMetrics metrics;
    private final SchedulerSettings settings;
    private final Function<Provider, Duration> intervals;
    private final DoubleSupplier random;
    private final Map<String, Slot> slots;
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param providers the providers to poll (disabled ones are skipped)
     * @param poller polls one page
     * @param listener receives every outcome
     * @param metrics records every outcome
     * @param settings pacing and backoff
     */
    public PollScheduler(
            Collection<Provider> providers,
            PagePoller poller,
            PollListener listener,
            PollMetrics metrics,
            SchedulerSettings settings) {
        this(providers, poller, listener, metrics, settings, Provider::pollInterval, () -> ThreadLocalRandom.current()
                .nextDouble());
    }

    /**
     * For tests: {@code intervals} replaces each provider's poll interval ({@link Provider} refuses less than
     * 5 s, too slow for a test of backoff), and {@code random} the jitter's random numbers.
     */
    /* test */ PollScheduler(
            Collection<Provider> providers,
            PagePoller poller,
            PollListener listener,
            PollMetrics metrics,
            SchedulerSettings settings,
            Function<Provider, Duration> intervals,
            DoubleSupplier random) {
        this.poller = Objects.requireNonNull(poller, "poller");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.intervals = Objects.requireNonNull(intervals, "intervals");
        this.random = Objects.requireNonNull(random, "random");
        Map<String, Slot> byId = new LinkedHashMap<>();
        for (Provider provider : providers) {
            if (!provider.enabled()) {
                LOG.info("source {} is disabled in the catalogue; not polled", provider.id());
                continue;
            }
            if (byId.put(provider.id(), new Slot(provider, intervals.apply(provider))) != null) {
                throw new IllegalArgumentException("provider " + provider.id() + " given twice");
            }
        }
        this.slots = Collections.unmodifiableMap(byId);
        this.timer = new ScheduledThreadPoolExecutor(
                settings.threads(), PageFetcher.daemonThreads("incident-monitor-poll-"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** A scheduler for the catalogue's enabled providers. */
    public static PollScheduler forCatalog(
            ProviderCatalog catalog,
            PagePoller poller,
            PollListener listener,
            PollMetrics metrics,
            SchedulerSettings settings) {
        return new PollScheduler(catalog.enabledProviders(), poller, listener, metrics, settings);
    }

    /** Starts polling every provider. Calling it again does nothing. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("scheduler is closed");
        }
        if (started) {
            return;
        }
        started = true;
        for (Slot slot : slots.values()) {
            Duration offset = settings.spreadStart()
                    ? settings.backoff().initialOffset(slot.interval, random.getAsDouble())
                    : Duration.ZERO;
            synchronized (slot) {
                schedule(slot, offset);
            }
        }
        LOG.info("polling {} status page(s): {}", slots.size(), names(slots.keySet()));
    }

    /** The first {@value #LOGGED_NAMES} names, and how many more: a catalogue of thousands stays one short line. */
    static String names(final Collection<String> ids) {
        final String shown = ids.stream().limit(LOGGED_NAMES).collect(Collectors.joining(", "));
        return ids.size() <= LOGGED_NAMES ? shown : shown + " and " + (ids.size() - LOGGED_NAMES) + " more";
    }

    /**
     * Polls one provider now (for tests and operators), with the same metrics, logging and listener call as a
     * scheduled poll. When a poll of the provider is already running, returns that poll instead of starting a
     * second one. A running scheduler continues from this poll's outcome.
     *
     * @throws IllegalArgumentException when the provider is not scheduled here
     * @throws IllegalStateException when the scheduler is closed
     */
    public CompletableFuture<PollOutcome> pollNow(String providerId) {
        Slot slot = slots.get(providerId);
        if (slot == null) {
            throw new IllegalArgumentException("provider " + providerId + " is not scheduled here");
        }
        if (closed) {
            throw new IllegalStateException("scheduler is closed");
        }
        return run(slot);
    }

    /** The providers polled, by id. */
    public Collection<Provider> providers() {
        return slots.values().stream().map(s -> s.provider).toList();
    }

    /**
     * Stops scheduling, waits up to {@link SchedulerSettings#shutdownTimeout()} for polls in flight (their
     * outcomes still reach the listener), then stops the timer.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletableFuture<PollOutcome>> inFlight = new ArrayList<>();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.next != null) {
                    slot.next.cancel(false);
                }
                if (slot.inFlight != null) {
                    inFlight.add(slot.inFlight);
                }
            }
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "{} poll(s) still running after {}; not waiting longer",
                    inFlight.stream().filter(f -> !f.isDone()).count(),
                    Durations.format(settings.shutdownTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Outcome futures are always completed normally; nothing to report.
        }
        timer.shutdownNow();
        LOG.info("poll scheduler stopped");
    }

    /** The delay chosen after the provider's last poll: lets tests watch the backoff. */
    /* test */ Duration nextDelay(String providerId) {
        Slot slot = slots.get(providerId);
        synchronized (slot) {
            return slot.nextDelay;
        }
    }

    /** Failed polls in a row of the provider. */
    /* test */ int consecutiveFailures(String providerId) {
        Slot slot = slots.get(providerId);
        synchronized (slot) {
            return slot.failures;
        }
    }

    /**
     * A due poll: runs it when this instance polls the provider now, else skips it (see {@link
     * SchedulerSettings#shouldPoll()}) and looks again after an interval.
     */
    private void onTimer(Slot slot) {
        if (closed) {
            return;
        }
        String id = slot.provider.id();
        boolean poll;
        try {
            poll = settings.shouldPoll().test(id);
        } catch (RuntimeException e) {
            LOG.error("source {}: deciding whether to poll failed; skipping this poll", id, e);
            poll = false;
        }
        if (!poll) {
            skip(slot);
            return;
        }
        boolean activated;
        synchronized (slot) {
            activated = !slot.active;
            slot.active = true;
        }
        if (activated) {
            metrics.register(slot.provider);
            LOG.debug("source {}: polled by this instance", id);
        }
        try {
            run(slot);
        } catch (RuntimeException e) {
            LOG.error("source {}: could not start a poll", id, e);
            synchronized (slot) {
                if (slot.inFlight == null && !closed) {
                    schedule(slot, slot.interval);
                }
            }
        }
    }

    private void skip(Slot slot) {
        String id = slot.provider.id();
        boolean deactivated;
        synchronized (slot) {
            if (slot.inFlight != null || closed) {
                return; // the poll in flight reschedules when it completes; decide again then
            }
            deactivated = slot.active;
            if (deactivated) {
                slot.active = false;
                slot.failures = 0;
                slot.loggedKind = null;
                slot.loggedDegraded = null;
                slot.loggedDrift = false;
                metrics.remove(id);
                poller.forget(id);
            }
            Duration delay = settings.backoff().nextDelay(slot.interval, 0, Optional.empty(), random.getAsDouble());
            slot.nextDelay = delay;
            schedule(slot, delay);
        }
        if (deactivated) {
            LOG.info("source {}: no longer polled by this instance (another instance owns it)", id);
        } else {
            LOG.debug("source {}: not polled by this instance", id);
        }
    }

    private CompletableFuture<PollOutcome> run(Slot slot) {
        CompletableFuture<PollOutcome> done = new CompletableFuture<>();
        synchronized (slot) {
            if (slot.inFlight != null) {
                return slot.inFlight;
            }
            slot.inFlight = done;
        }
        long start = System.nanoTime();
        CompletableFuture<PollOutcome> poll;
        try {
            poll = poller.poll(slot.provider);
        } catch (RuntimeException e) {
            poll = CompletableFuture.failedFuture(e);
        }
        poll.orTimeout(settings.pollTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> complete(slot, outcome, error, start, done));
        return done;
    }

    private void complete(
            Slot slot, PollOutcome result, Throwable error, long start, CompletableFuture<PollOutcome> done) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Provider provider = slot.provider;
        Throwable cause = unwrap(error);
        PollOutcome outcome = result != null ? result : unexpected(provider, cause);
        try {
            try {
                metrics.record(provider, outcome, took);
            } catch (RuntimeException e) {
                LOG.warn("source {}: recording metrics failed: {}", provider.id(), e.toString());
            }
            int failuresBefore;
            Duration delay;
            synchronized (slot) {
                failuresBefore = slot.failures;
                slot.failures = outcome.succeeded() ? 0 : slot.failures + 1;
                delay = settings.backoff()
                        .nextDelay(slot.interval, slot.failures, outcome.retryAfter(), random.getAsDouble());
                slot.nextDelay = delay;
            }
            log(slot, outcome, failuresBefore, delay, result == null ? cause : null);
            try {
                listener.onOutcome(provider, outcome, took);
            } catch (Exception e) {
                slot.listenerFailures++;
                if (slot.listenerFailures == 1 || Integer.bitCount(slot.listenerFailures) == 1) {
                    LOG.error(
                            "source {}: the poll listener failed ({} time(s) so far); polling goes on",
                            provider.id(),
                            slot.listenerFailures,
                            e);
                }
            }
        } finally {
            synchronized (slot) {
                slot.inFlight = null;
                if (started && !closed) {
                    schedule(slot, slot.nextDelay != null ? slot.nextDelay : slot.interval);
                }
            }
            done.complete(outcome);
        }
    }

    /** Caller holds the slot's lock. */
    private void schedule(Slot slot, Duration delay) {
        if (slot.next != null) {
            slot.next.cancel(false);
        }
        try {
            slot.next = timer.schedule(() -> onTimer(slot), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            slot.next = null; // closing
        }
    }

    private PollOutcome unexpected(Provider provider, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new PollOutcome.Failed(new SourceHealth(
                    SourceHealth.Kind.TIMEOUT,
                    "poll of " + provider.baseUrl() + " did not finish within "
                            + Durations.format(settings.pollTimeout()),
                    provider.baseUrl(),
                    0));
        }
        return new PollOutcome.Failed(new SourceHealth(
                SourceHealth.Kind.INTERNAL_ERROR,
                "polling " + provider.baseUrl() + " failed on our side: " + cause,
                provider.baseUrl(),
                0));
    }

    /** One line per change of a page's state; repeats go to DEBUG. Runs in the poll's completion, per slot. */
    private void log(Slot slot, PollOutcome outcome, int failuresBefore, Duration delay, Throwable bug) {
        String id = slot.provider.id();
        if (outcome instanceof PollOutcome.Failed failed) {
            SourceHealth health = failed.health();
            String line = "source " + id + " down: " + health.message() + " (" + ordinal(failuresBefore + 1)
                    + " failure in a row, next try in " + Durations.format(round(delay)) + ")";
            if (health.kind() != slot.loggedKind) {
                if (bug != null) {
                    LOG.error(line, bug);
                } else {
                    LOG.warn(line);
                }
                slot.loggedKind = health.kind();
            } else {
                LOG.debug(line);
            }
            return;
        }
        if (slot.loggedKind != null) {
            LOG.info("source {} recovered after {} failed poll(s)", id, failuresBefore);
            slot.loggedKind = null;
        }
        List<SourceHealth> failedRequests = outcome.failedRequests();
        String degraded = failedRequests.isEmpty()
                ? null
                : failedRequests.stream()
                        .map(h -> h.kind() + " " + h.url())
                        .collect(Collectors.toCollection(TreeSet::new))
                        .toString();
        if (!Objects.equals(degraded, slot.loggedDegraded)) {
            if (degraded != null) {
                LOG.warn("source {} degraded (the poll still produced a result): {}", id, summary(failedRequests));
            } else {
                LOG.info("source {}: every request succeeds again", id);
            }
            slot.loggedDegraded = degraded;
        }
        if (outcome instanceof PollOutcome.Changed changed) {
            List<String> warnings = changed.snapshot().warnings();
            boolean drift = !warnings.isEmpty();
            if (drift != slot.loggedDrift) {
                if (drift) {
                    LOG.warn(
                            "source {} drift: {}{}",
                            id,
                            warnings.get(0),
                            warnings.size() > 1 ? " (+" + (warnings.size() - 1) + " more warning(s))" : "");
                } else {
                    LOG.info("source {}: no more drift warnings", id);
                }
                slot.loggedDrift = drift;
            }
        }
    }

    private static String summary(List<SourceHealth> failures) {
        String first = failures.get(0).message();
        return failures.size() == 1 ? first : first + " (+" + (failures.size() - 1) + " more)";
    }

    private static Duration round(Duration delay) {
        return delay.compareTo(Duration.ofSeconds(1)) >= 0
                ? Duration.ofSeconds(Math.round(delay.toMillis() / 1000.0))
                : delay.truncatedTo(ChronoUnit.MILLIS);
    }

    /** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st. */
    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix;
        if (lastTwo >= 11 && lastTwo <= 13) {
            suffix = "th";
        } else {
            suffix = switch (n % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            };
        }
        return n + suffix;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** One provider's schedule. Fields are guarded by the slot's lock, except those only the completion touches. */
    private static final class Slot {
        final Provider provider;
        final Duration interval;
        CompletableFuture<PollOutcome> inFlight;
        ScheduledFuture<?> next;
        /** Whether this instance polls the provider (its meters are registered). */
        boolean active;

        Duration nextDelay;
        int failures;
        // Touched by a poll's completion (completions of one slot never overlap) and by skip() while no poll
        // is in flight, under the slot's lock.
        SourceHealth.Kind loggedKind;
        String loggedDegraded;
        boolean loggedDrift;
        int listenerFailures;

        Slot(Provider provider, Duration interval) {
            this.provider = provider;
            this.interval = interval;
        }
    }
}
