package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.streams.domain.Lifecycle;
import dev.incidentmonitor.streams.domain.Markers;
import dev.incidentmonitor.streams.domain.Status;
import dev.incidentmonitor.streams.domain.Update;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import dev.incidentmonitor.streams.internal.LedgerComponent;
import dev.incidentmonitor.streams.internal.LedgerUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Translates between the Avro records of the topics and stores and the {@code domain} model: applying one update to
 * an incident's ledger, and publishing a ledger as {@link IncidentState}.
 */
public final class IncidentLedgers {

    private IncidentLedgers() {}

    /**
     * Whether this update changes nothing: the ledger holds it with the same content (a repeat), or holds a newer
     * version of it (this is an older version arriving late: a correction already replaced it).
     */
    public static boolean isRepeat(final IncidentLedger ledger, final IncidentUpdate update) {
        final LedgerUpdate held = held(ledger, update.getUpdateId());
        return held != null
                && (held.getContentHash().equals(update.getContentHash())
                        || held.getSupersededHashes().contains(update.getContentHash()));
    }

    /** Whether the ledger already holds a version of this update (so the update is a correction). */
    public static boolean hasUpdate(final IncidentLedger ledger, final String updateId) {
        return held(ledger, updateId) != null;
    }

    private static LedgerUpdate held(final IncidentLedger ledger, final String updateId) {
        if (ledger != null) {
            for (final LedgerUpdate u : ledger.getUpdates()) {
                if (u.getUpdateId().equals(updateId)) {
                    return u;
                }
            }
        }
        return null;
    }

    /**
     * The ledger after {@code update}: the update is added, or replaces the version with the same id; title and
     * impact follow the newest update in event time; components are unioned, each keeping its newest name.
     */
    public static IncidentLedger apply(final IncidentLedger previous, final IncidentUpdate update) {
        final long time = update.getDisplayTime().toEpochMilli();
        final List<LedgerUpdate> updates = new ArrayList<>();
        final SortedSet<String> superseded = new TreeSet<>();
        if (update.getPreviousContentHash() != null) {
            superseded.add(update.getPreviousContentHash());
        }
        if (previous != null) {
            for (final LedgerUpdate u : previous.getUpdates()) {
                if (u.getUpdateId().equals(update.getUpdateId())) {
                    superseded.addAll(u.getSupersededHashes());
                    superseded.add(u.getContentHash());
                } else {
                    updates.add(u);
                }
            }
        }
        superseded.remove(update.getContentHash());
        final SortedSet<String> named = new TreeSet<>();
        for (final AffectedComponent c : update.getAffectedComponents()) {
            named.add(c.getComponentId());
        }
        final List<String> componentIds = new ArrayList<>(named);
        updates.add(LedgerUpdate.newBuilder()
                .setUpdateId(update.getUpdateId())
                .setStatus(update.getStatus().name())
                .setDisplayTime(time)
                .setContentHash(update.getContentHash())
                .setComponentIds(componentIds)
                .setSupersededHashes(new ArrayList<>(superseded))
                .build());
        updates.sort(Comparator.comparing(LedgerUpdate::getUpdateId));

        final Map<String, LedgerComponent> components = new TreeMap<>();
        if (previous != null) {
            previous.getComponents().forEach(c -> components.put(c.getComponentId(), c));
        }
        for (final ServiceRef ref : update.getIncidentComponents()) {
            merge(components, ref.getComponentId(), ref.getName(), time, true);
        }
        for (final AffectedComponent c : update.getAffectedComponents()) {
            merge(components, c.getComponentId(), c.getName(), time, false);
        }

        final boolean newer = previous == null
                || time > previous.getTitleTime()
                || (time == previous.getTitleTime()
                        && update.getUpdateId().compareTo(Objects.requireNonNullElse(previous.getTitleUpdateId(), ""))
                                >= 0);
        return IncidentLedger.newBuilder()
                .setProvider(update.getProvider())
                .setIncidentId(update.getIncidentId())
                .setTitle(newer ? update.getIncidentTitle() : previous.getTitle())
                .setImpact(newer ? update.getImpact().name() : previous.getImpact())
                .setTitleTime(newer ? time : previous.getTitleTime())
                .setTitleUpdateId(newer ? update.getUpdateId() : previous.getTitleUpdateId())
                .setUpdates(updates)
                .setComponents(new ArrayList<>(components.values()))
                .build();
    }

    private static void merge(
            final Map<String, LedgerComponent> components,
            final String id,
            final String name,
            final long time,
            final boolean incidentLevel) {
        final LedgerComponent known = components.get(id);
        if (known == null) {
            components.put(id, new LedgerComponent(id, name, time, incidentLevel));
            return;
        }
        // Same instant: the greater name wins, so the result does not depend on arrival order.
        final boolean newer =
                time > known.getNameTime() || (time == known.getNameTime() && name.compareTo(known.getName()) >= 0);
        components.put(
                id,
                new LedgerComponent(
                        id,
                        newer ? name : known.getName(),
                        newer ? time : known.getNameTime(),
                        known.getIncidentLevel() || incidentLevel));
    }

    /** The incident's lifecycle under SPEC.md's model. */
    public static Lifecycle lifecycle(final IncidentLedger ledger) {
        final List<Update> updates = new ArrayList<>(ledger.getUpdates().size());
        for (final LedgerUpdate u : ledger.getUpdates()) {
            updates.add(new Update(u.getUpdateId(), Status.parse(u.getStatus()), u.getDisplayTime()));
        }
        return Lifecycle.of(updates, Impact.MAINTENANCE.name().equals(ledger.getImpact()));
    }

    /**
     * The services the incident belongs to: the union of its own component list and every component its current
     * updates name (an edited update that no longer names a component drops it, unless the incident list has it).
     */
    public static List<ServiceRef> services(final IncidentLedger ledger) {
        return refs(serviceComponents(ledger));
    }

    /**
     * {@link #services} with what the ledger knows of each: its newest name and the display time that name comes
     * from.
     */
    public static List<LedgerComponent> serviceComponents(final IncidentLedger ledger) {
        final Set<String> named = new HashSet<>();
        for (final LedgerUpdate u : ledger.getUpdates()) {
            named.addAll(u.getComponentIds());
        }
        final List<LedgerComponent> services =
                new ArrayList<>(ledger.getComponents().size());
        for (final LedgerComponent c : ledger.getComponents()) {
            if (c.getIncidentLevel() || named.contains(c.getComponentId())) {
                services.add(c);
            }
        }
        return services;
    }

    private static List<ServiceRef> refs(final List<LedgerComponent> components) {
        final List<ServiceRef> refs = new ArrayList<>(components.size());
        for (final LedgerComponent c : components) {
            refs.add(new ServiceRef(c.getComponentId(), c.getName()));
        }
        return refs;
    }

    /** The published state of the incident whose {@link #serviceComponents} are {@code services}. */
    static IncidentState state(
            final IncidentLedger ledger, final Lifecycle lifecycle, final List<LedgerComponent> services) {
        final Markers m = lifecycle.markers();
        return IncidentState.newBuilder()
                .setProvider(ledger.getProvider())
                .setIncidentId(ledger.getIncidentId())
                .setTitle(ledger.getTitle())
                .setImpact(impact(ledger.getImpact()))
                .setStage(stage(lifecycle))
                .setInvestigatingTime(instant(m.s1()))
                .setIdentifiedTime(instant(m.s2()))
                .setMonitoringTime(instant(m.s3()))
                .setResolvedTime(instant(m.s4()))
                .setPostmortemTime(instant(m.s5()))
                .setStartTime(instant(m.start()))
                .setStatusCombination(m.combination())
                .setOutOfOrder(m.outOfOrder())
                .setInvestigatingPeriodMs(m.investigatingPeriod())
                .setRepairingPeriodMs(m.repairingPeriod())
                .setCheckingPeriodMs(m.checkingPeriod())
                .setLearningPeriodMs(m.learningPeriod())
                .setTimeToResolveMs(m.timeToResolve())
                .setServices(refs(services))
                .setReopenCount(lifecycle.reopenCount())
                .setFirstResolvedTime(instant(lifecycle.firstResolved()))
                .setLastResolvedTime(instant(lifecycle.lastResolved()))
                .setMaintenance(lifecycle.maintenance())
                .setUpdateCount(ledger.getUpdates().size())
                .setLastUpdateTime(instant(lifecycle.lastUpdateTime() == null ? 0L : lifecycle.lastUpdateTime()))
                .build();
    }

    /** The published stage of a lifecycle. */
    static IncidentStatus stage(final Lifecycle lifecycle) {
        return IncidentStatus.valueOf(lifecycle.stage().name());
    }

    private static Impact impact(final String symbol) {
        try {
            return Impact.valueOf(symbol);
        } catch (final IllegalArgumentException e) {
            return Impact.UNKNOWN;
        }
    }

    private static Instant instant(final Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
