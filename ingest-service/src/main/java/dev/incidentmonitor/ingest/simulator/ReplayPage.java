package dev.incidentmonitor.ingest.simulator;

import dev.incidentmonitor.ingest.catalog.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A page that serves a scripted sequence of snapshots ({@link Scenario}). A step advances after a simulated
 * time, after a number of summary requests, or only when told to ({@link #advance}).
 */
final class ReplayPage extends SimPage {

    /**
     * One snapshot of the page.
     *
     * @param name step name, for messages
     * @param bodies the body of each endpoint the step serves (carried over from earlier steps unless replaced)
     * @param afterTime advance this long (simulated) after the step began; {@code null} = not by time
     * @param afterRequests advance after this many summary requests were served in the step; 0 = not by count
     */
    record Step(String name, Map<PageEndpoint, byte[]> bodies, Duration afterTime, int afterRequests) {
        Step {
            Objects.requireNonNull(name, "name");
            bodies = Map.copyOf(bodies);
        }
    }

    private final List<Step> steps;
    private final boolean loop;
    private int index;
    private long version;
    private Instant activatedAt;
    private int summaryRequests;

    ReplayPage(String id, Platform platform, String name, List<Step> steps, boolean loop, Instant start) {
        super(id, platform, name);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("page " + id + " has no steps");
        }
        this.steps = List.copyOf(steps);
        this.loop = loop;
        this.activatedAt = start;
    }

    @Override
    void catchUp(Instant now) {
        Step step = steps.get(index);
        while (step.afterTime() != null && hasNext() && !now.isBefore(activatedAt.plus(step.afterTime()))) {
            Instant due = activatedAt.plus(step.afterTime());
            next(due);
            step = steps.get(index);
        }
    }

    @Override
    boolean keepsDateOfUnchangedBodies() {
        return true;
    }

    @Override
    long version() {
        return version;
    }

    @Override
    byte[] render(PageEndpoint endpoint) {
        return steps.get(index).bodies().get(endpoint);
    }

    @Override
    Instant changedAt(Instant now) {
        return activatedAt;
    }

    @Override
    void served(PageEndpoint endpoint, Instant now) {
        int limit = steps.get(index).afterRequests();
        if (endpoint.isSummary() && limit > 0 && ++summaryRequests >= limit && hasNext()) {
            next(now);
        }
    }

    @Override
    SimulatedPage describe() {
        return new SimulatedPage(id(), name(), platform(), null, List.of());
    }

    /**
     * Moves to the next step now (the last step of a non-looping scenario stays).
     *
     * @return whether the step changed
     */
    synchronized boolean advance(Instant now) {
        catchUp(now);
        if (!hasNext()) {
            return false;
        }
        next(now);
        return true;
    }

    /** The current step's index (0-based). */
    synchronized int stepIndex(Instant now) {
        catchUp(now);
        return index;
    }

    /** The current step's name. */
    synchronized String stepName(Instant now) {
        catchUp(now);
        return steps.get(index).name();
    }

    int stepCount() {
        return steps.size();
    }

    private boolean hasNext() {
        return loop || index < steps.size() - 1;
    }

    private void next(Instant at) {
        index = (index + 1) % steps.size();
        version++;
        summaryRequests = 0;
        activatedAt = at;
    }
}
