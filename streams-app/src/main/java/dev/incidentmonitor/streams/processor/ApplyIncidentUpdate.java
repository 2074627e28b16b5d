package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.IncidentChange;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.domain.Lifecycle;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import dev.incidentmonitor.streams.internal.LedgerComponent;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-incident state machine: applies one {@link IncidentUpdate} to the incident's ledger in {@code
 * incident-state-store} and forwards the resulting state, the change event and the per-service figures.
 *
 * <p>Closed incidents are dropped from the store once {@code retention} has passed since their last update, by a
 * {@code STREAM_TIME} punctuator: deterministic, so a replay drops the same incidents at the same point. A {@link
 * TimeIndex} of closed incidents by last update, rebuilt from the store in {@link #init}, lets it find them without
 * reading every ledger each stream hour.
 */
final class ApplyIncidentUpdate implements FixedKeyProcessor<String, IncidentUpdate, IncidentTransition> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyIncidentUpdate.class);

    private final String storeName;
    private final Duration retention;
    private final Duration cleanupInterval;
    private FixedKeyProcessorContext<String, IncidentTransition> context;
    private KeyValueStore<String, IncidentLedger> store;
    private final TimeIndex closedByLastUpdate = new TimeIndex();

    ApplyIncidentUpdate(final String storeName, final Duration retention, final Duration cleanupInterval) {
        this.storeName = storeName;
        this.retention = retention;
        this.cleanupInterval = cleanupInterval;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, IncidentTransition> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        try (KeyValueIterator<String, IncidentLedger> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, IncidentLedger> entry = all.next();
                track(entry.key, IncidentLedgers.lifecycle(entry.value));
            }
        }
        context.schedule(cleanupInterval, PunctuationType.STREAM_TIME, this::dropExpired);
    }

    @Override
    public void process(final FixedKeyRecord<String, IncidentUpdate> record) {
        final IncidentUpdate update = record.value();
        if (update == null) {
            return;
        }
        requireValid(record.key(), update);
        final IncidentLedger previous = store.get(record.key());
        if (IncidentLedgers.isRepeat(previous, update)) {
            return;
        }
        final boolean correction = IncidentLedgers.hasUpdate(previous, update.getUpdateId());
        final IncidentLedger next = IncidentLedgers.apply(previous, update);
        store.put(record.key(), next);

        final Lifecycle after = IncidentLedgers.lifecycle(next);
        track(record.key(), after);
        final List<LedgerComponent> services = IncidentLedgers.serviceComponents(next);
        final IncidentState state = IncidentLedgers.state(next, after, services);
        final Before before = previous == null ? null : Before.of(previous);
        final List<IncidentChange> changes = changes(before, after, services, correction);
        final IncidentEvent event = changes.isEmpty()
                ? null
                : IncidentEvent.newBuilder()
                        .setChanges(changes)
                        .setEventTime(update.getDisplayTime())
                        .setUpdateId(update.getUpdateId())
                        .setPreviousStage(before == null ? null : IncidentLedgers.stage(before.lifecycle()))
                        .setState(state)
                        .build();
        context.forward(record.withValue(new IncidentTransition(state, event, fanOut(before, next, after, services))));
    }

    /** What the incident was before the update: what its change event and fan-out compare with. */
    private record Before(Lifecycle lifecycle, List<LedgerComponent> services) {

        static Before of(final IncidentLedger ledger) {
            return new Before(IncidentLedgers.lifecycle(ledger), IncidentLedgers.serviceComponents(ledger));
        }
    }

    private static void requireValid(final String key, final IncidentUpdate update) {
        final String expected = update.getProvider() + ":" + update.getIncidentId();
        if (!expected.equals(key)) {
            throw new InvalidRecordException("incident update keyed '" + key + "' belongs to '" + expected
                    + "' (update " + update.getUpdateId() + ")");
        }
        if (update.getUpdateId().isBlank() || update.getIncidentId().isBlank()) {
            throw new InvalidRecordException("incident update without incident id or update id: " + key);
        }
    }

    private static List<IncidentChange> changes(
            final Before before,
            final Lifecycle after,
            final List<LedgerComponent> services,
            final boolean correction) {
        final List<IncidentChange> changes = new ArrayList<>();
        if (before == null) {
            changes.add(IncidentChange.OPENED);
            if (!services.isEmpty()) {
                changes.add(IncidentChange.SERVICES_CHANGED);
            }
            if (after.markers().s4() != null && isClosed(after)) {
                changes.add(IncidentChange.RESOLVED);
            }
            if (after.markers().outOfOrder()) {
                changes.add(IncidentChange.OUT_OF_ORDER);
            }
            return changes;
        }
        final Lifecycle was = before.lifecycle();
        if (was.stage() != after.stage()) {
            changes.add(IncidentChange.STAGE_CHANGED);
        }
        if (!isClosed(was) && isClosed(after)) {
            changes.add(IncidentChange.RESOLVED);
        }
        if (after.reopenCount() > was.reopenCount()) {
            changes.add(IncidentChange.REOPENED);
        }
        if (was.markers().s5() == null && after.markers().s5() != null) {
            changes.add(IncidentChange.POSTMORTEM_PUBLISHED);
        }
        if (!sameIds(before.services(), services)) {
            changes.add(IncidentChange.SERVICES_CHANGED);
        }
        if (correction) {
            changes.add(IncidentChange.CORRECTED);
        }
        if (!was.markers().outOfOrder() && after.markers().outOfOrder()) {
            changes.add(IncidentChange.OUT_OF_ORDER);
        }
        return changes;
    }

    private static boolean isClosed(final Lifecycle lifecycle) {
        return switch (lifecycle.stage()) {
            case RESOLVED, POSTMORTEM, COMPLETED -> true;
            default -> false;
        };
    }

    /** Whether both lists, each sorted by component id as a ledger keeps them, name the same components. */
    private static boolean sameIds(final List<LedgerComponent> a, final List<LedgerComponent> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getComponentId().equals(b.get(i).getComponentId())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The figures to send to each service when they changed: to every current service and the provider scope, and a
     * removal to a service the incident no longer affects, all in one record for the provider's task; null when
     * nothing changed. An incident that has not started yet (for example one that so far has only a late postmortem,
     * after its earlier state was dropped) sends nothing, so it cannot wipe the figures the services already hold.
     */
    private static ProviderIncident fanOut(
            final Before before,
            final IncidentLedger next,
            final Lifecycle after,
            final List<LedgerComponent> services) {
        if (after.markers().start() == null) {
            return null;
        }
        final String incidentId = next.getIncidentId();
        final Figures figures = Figures.of(incidentId, after);
        final List<LedgerComponent> previousServices = before == null ? List.of() : before.services();
        if (before != null
                && sameFlags(before.lifecycle(), after)
                && Figures.of(incidentId, before.lifecycle()).equals(figures)
                && sameNames(previousServices, services)) {
            return null;
        }
        final String provider = next.getProvider();
        final List<ServiceMember> members = new ArrayList<>(services.size() + 2);
        final Set<String> current = new HashSet<>();
        for (final LedgerComponent c : services) {
            current.add(c.getComponentId());
            members.add(new ServiceMember(c.getComponentId(), c.getName(), c.getNameTime(), true));
        }
        for (final LedgerComponent c : previousServices) {
            if (!current.contains(c.getComponentId())) {
                members.add(new ServiceMember(c.getComponentId(), c.getName(), 0L, false));
            }
        }
        members.add(new ServiceMember(null, provider, 0L, true));
        return new ProviderIncident(provider, toAvro(figures, after, services.size()), members);
    }

    /** Whether both lists name the same services, in the same order, by the same names. */
    private static boolean sameNames(final List<LedgerComponent> a, final List<LedgerComponent> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getComponentId().equals(b.get(i).getComponentId())
                    || !a.get(i).getName().equals(b.get(i).getName())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the figures' flags beyond {@link Figures} (maintenance, out of order, status combination) agree. */
    private static boolean sameFlags(final Lifecycle a, final Lifecycle b) {
        return a.maintenance() == b.maintenance()
                && a.markers().outOfOrder() == b.markers().outOfOrder()
                && a.markers().combination().equals(b.markers().combination());
    }

    static IncidentFigures toAvro(final Figures f, final Lifecycle lifecycle, final int affectedServices) {
        return IncidentFigures.newBuilder()
                .setIncidentId(f.incidentId())
                .setCounted(f.counted())
                .setMaintenance(lifecycle.maintenance())
                .setOutOfOrder(lifecycle.markers().outOfOrder())
                .setStatusCombination(lifecycle.markers().combination())
                .setStartTime(f.start())
                .setResolvedTime(f.resolved())
                .setTimeToResolveMs(f.timeToResolve())
                .setInvestigatingPeriodMs(f.investigating())
                .setRepairingPeriodMs(f.repairing())
                .setCheckingPeriodMs(f.checking())
                .setLearningPeriodMs(f.learning())
                .setAffectedServices(affectedServices)
                .build();
    }

    /** Indexes a closed incident by its last update, so {@link #dropExpired} finds it; forgets an open one. */
    private void track(final String key, final Lifecycle lifecycle) {
        closedByLastUpdate.put(key, lifecycle.open() ? null : lifecycle.lastUpdateTime());
    }

    private void dropExpired(final long streamTime) {
        final long cutoff = streamTime - retention.toMillis();
        final List<String> expired = closedByLastUpdate.atOrBefore(cutoff - 1);
        for (final String key : expired) {
            store.delete(key);
            closedByLastUpdate.remove(key);
        }
        if (!expired.isEmpty()) {
            LOG.debug("dropped {} incident(s) closed before {}", expired.size(), cutoff);
        }
    }
}
