package dev.incidentmonitor.ingest.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * An incident or maintenance of a generated page: its plan (every update, drawn when it was scheduled) and what
 * of it has been published up to the page's current time.
 */
final class SimIncident {

    /** The incident's kind of status words. */
    enum Kind {
        INCIDENT,
        MAINTENANCE
    }

    /**
     * One planned update.
     *
     * @param at display time, whole seconds
     * @param status the Statuspage status word ({@code investigating} .. {@code postmortem}, {@code scheduled}
     *     .. {@code completed}); incident.io words are derived when rendering
     * @param body update text
     * @param levels what this update sets the incident's hold on each named component to (component index →
     *     level; operational releases it), in component order; {@code null} when it names no component
     * @param closes whether the incident is over after it (resolved, completed)
     */
    record PlannedUpdate(
            String id, Instant at, String status, String body, Map<Integer, Level> levels, boolean closes) {}

    /** A published update with the page-level status change of each named component. */
    record Update(String id, Instant at, String status, String body, List<Change> changes) {}

    /**
     * A component named by an update.
     *
     * @param component index in the page's component list
     * @param oldStatus the component's page status before the update
     * @param newStatus the component's page status after it (worst hold over all open incidents)
     * @param set the level this incident set on it (incident.io {@code component_statuses})
     */
    record Change(int component, Level oldStatus, Level newStatus, Level set) {}

    /** incident.io {@code component_impacts[]}: a window in which this incident held a component at a level. */
    static final class ImpactWindow {
        final String id;
        final int component;
        final Level level;
        final Instant start;
        Instant end;

        ImpactWindow(String id, int component, Level level, Instant start) {
            this.id = id;
            this.component = component;
            this.level = level;
            this.start = start;
        }
    }

    final String id;
    final Kind kind;
    final String title;
    /** Statuspage impact word: none, minor, major, critical, maintenance. */
    final String impact;
    /** Components the incident names, in page order. */
    final List<Integer> components;

    final List<PlannedUpdate> plan;
    final Instant scheduledFor;
    final Instant scheduledUntil;
    /** Mints ids at publish time (impact windows), independent of the page's plan draws. */
    private final Random idRng;

    final List<Update> updates = new ArrayList<>();
    final List<ImpactWindow> impacts = new ArrayList<>();
    /** The level this incident currently holds on each component (operational = not held). */
    final Map<Integer, Level> holds = new TreeMap<>();
    /** The worst level this incident ever set on each named component. */
    final Map<Integer, Level> worst = new LinkedHashMap<>();

    String status;
    Instant updatedAt;
    Instant monitoringAt;
    Instant resolvedAt;
    boolean open;

    SimIncident(
            String id,
            Kind kind,
            String title,
            String impact,
            List<Integer> components,
            List<PlannedUpdate> plan,
            Instant scheduledFor,
            Instant scheduledUntil,
            long idSeed) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = kind;
        this.title = title;
        this.impact = impact;
        this.components = List.copyOf(components);
        this.plan = List.copyOf(plan);
        this.scheduledFor = scheduledFor;
        this.scheduledUntil = scheduledUntil;
        this.idRng = new Random(idSeed);
    }

    boolean maintenance() {
        return kind == Kind.MAINTENANCE;
    }

    /** When it was published: the first update's time. */
    Instant createdAt() {
        return plan.get(0).at();
    }

    /** Sets this incident's hold on a component, closing and opening impact windows as the level changes. */
    void hold(int component, Level level, Instant at) {
        worst.merge(component, level, Level::worst);
        Level before = holds.getOrDefault(component, Level.OPERATIONAL);
        if (before == level) {
            return;
        }
        for (ImpactWindow w : impacts) {
            if (w.component == component && w.end == null) {
                w.end = at;
            }
        }
        if (level == Level.OPERATIONAL) {
            holds.remove(component);
        } else {
            holds.put(component, level);
            impacts.add(new ImpactWindow(Ids.ulid(at, idRng), component, level, at));
        }
    }
}
