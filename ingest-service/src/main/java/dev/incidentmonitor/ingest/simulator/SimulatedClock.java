package dev.incidentmonitor.ingest.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The simulator's notion of now: a simulated instant that runs {@code timeScale} times faster than a real
 * clock, and that tests and benchmarks can pin, move and release. Pages compute their state from it when asked,
 * so moving it needs no background work.
 */
public final class SimulatedClock {
    private final Clock real;
    private final double timeScale;
    private Instant anchorReal;
    private Instant anchorSimulated;
    private boolean pinned;

    SimulatedClock(Clock real, double timeScale, Instant start) {
        this.real = Objects.requireNonNull(real, "real");
        this.timeScale = timeScale;
        this.anchorReal = real.instant();
        this.anchorSimulated = Objects.requireNonNull(start, "start");
    }

    /** The current simulated time. */
    public synchronized Instant now() {
        if (pinned) {
            return anchorSimulated;
        }
        long realNanos = Duration.between(anchorReal, real.instant()).toNanos();
        return anchorSimulated.plusNanos(Math.round(realNanos * timeScale));
    }

    /** Simulated seconds per real second. */
    public double timeScale() {
        return timeScale;
    }

    /** Stops the clock at {@code time} (earlier than now is allowed but pages never go back in state). */
    public synchronized void pinTo(Instant time) {
        anchorSimulated = Objects.requireNonNull(time, "time");
        pinned = true;
    }

    /** Stops the clock where it is. */
    public synchronized void pin() {
        pinTo(now());
    }

    /** Moves the clock forward by {@code amount} of simulated time, pinned or running. */
    public synchronized void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot go back in time: " + amount);
        }
        Instant now = now();
        anchorReal = real.instant();
        anchorSimulated = now.plus(amount);
    }

    /** Lets a pinned clock run again from where it stands. */
    public synchronized void resume() {
        if (pinned) {
            anchorReal = real.instant();
            pinned = false;
        }
    }

    /** Whether the clock is pinned. */
    public synchronized boolean isPinned() {
        return pinned;
    }
}
