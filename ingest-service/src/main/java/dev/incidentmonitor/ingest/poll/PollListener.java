package dev.incidentmonitor.ingest.poll;

import dev.incidentmonitor.ingest.catalog.Provider;
import java.time.Duration;

/**
 * Receives every poll's outcome: where event detection and publishing plug in.
 *
 * <p>{@link PollScheduler} calls it on the thread that completed the poll (an HTTP client thread), never
 * concurrently for the same provider, and each call for a provider happens-before the next call for it, so
 * per-provider state needs no locking. Calls for different providers may run at the same time. It must not
 * block for long: it holds one of the few HTTP client threads. An exception it throws is logged and otherwise
 * ignored; the scheduler keeps polling.
 */
@FunctionalInterface
public interface PollListener {
    /**
     * @param provider the provider polled
     * @param outcome what the poll gave
     * @param fetchDuration how long the poll took, fetching and parsing
     */
    void onOutcome(Provider provider, PollOutcome outcome, Duration fetchDuration);
}
