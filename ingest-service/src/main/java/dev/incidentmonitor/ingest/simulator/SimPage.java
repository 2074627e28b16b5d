package dev.incidentmonitor.ingest.simulator;

import dev.incidentmonitor.ingest.catalog.Platform;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated status page: its state at a simulated time, rendered lazily and cached until the state changes,
 * plus the misbehaviour hook. All access is synchronised on the page; pages never share state, so requests to
 * different pages never contend.
 */
abstract class SimPage {
    private final String id;
    private final Platform platform;
    private final String name;
    private final Map<PageEndpoint, Slot> cache = new EnumMap<>(PageEndpoint.class);
    private Misbehaviour misbehaviour;
    private int misbehaviourLeft;

    /** The last rendering of one endpoint: kept when the endpoint goes absent, so dates stay monotonic. */
    private static final class Slot {
        private Representation representation;
        private long version = -1;
        private boolean absent;
    }

    SimPage(String id, Platform platform, String name) {
        this.id = Objects.requireNonNull(id, "id");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.name = Objects.requireNonNull(name, "name");
    }

    final String id() {
        return id;
    }

    final Platform platform() {
        return platform;
    }

    final String name() {
        return name;
    }

    /**
     * The body of {@code endpoint} at simulated time {@code now}, or {@code null} when this page does not serve
     * it (an endpoint of the other platform, or a replay step without that file). Rendering happens only when
     * the page's state changed since the last call; otherwise the cached bytes and validators are returned.
     */
    final synchronized Representation representation(PageEndpoint endpoint, Instant now) {
        if (!endpoint.servedBy(platform)) {
            return null;
        }
        catchUp(now);
        long version = version();
        Slot slot = cache.computeIfAbsent(endpoint, e -> new Slot());
        if (slot.version != version) {
            byte[] body = render(endpoint);
            slot.version = version;
            slot.absent = body == null;
            if (body != null) {
                slot.representation =
                        Representation.of(body, slot.representation, changedAt(now), keepsDateOfUnchangedBodies());
            }
        }
        Representation served = slot.absent ? null : slot.representation;
        if (served != null) {
            served(endpoint, now);
        }
        return served;
    }

    /** Makes the next {@code count} requests to any endpoint of this page fail as {@code kind}. */
    final synchronized void misbehave(Misbehaviour kind, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        misbehaviour = Objects.requireNonNull(kind, "kind");
        misbehaviourLeft = count;
    }

    /** The misbehaviour the current request must show, counting it down; {@code null} to answer normally. */
    final synchronized Misbehaviour takeMisbehaviour() {
        if (misbehaviourLeft == 0) {
            return null;
        }
        misbehaviourLeft--;
        return misbehaviour;
    }

    /** Brings the state up to simulated time {@code now} (state never goes back). */
    abstract void catchUp(Instant now);

    /** A number that changes whenever any body may have changed. */
    abstract long version();

    /** The body of an endpoint this page's platform serves, for the current state, or {@code null}. */
    abstract byte[] render(PageEndpoint endpoint);

    /** When the current state began: the Last-Modified of a body that changed with it. */
    abstract Instant changedAt(Instant now);

    /**
     * Whether a body whose bytes did not change keeps its Last-Modified (replay: true, so dates only move with
     * content), or takes {@link #changedAt} (generated: false, so dates are a function of the state).
     */
    abstract boolean keepsDateOfUnchangedBodies();

    /** Called after a body was served (replay counts summary requests). */
    void served(PageEndpoint endpoint, Instant now) {}

    /** What callers may know about the page. */
    abstract SimulatedPage describe();
}
