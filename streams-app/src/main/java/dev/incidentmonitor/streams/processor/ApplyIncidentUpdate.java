package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.IncidentChange;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.domain.Lifecycle;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.IncidentLedger;
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

        final Lifecycle before = previous == null ? null : IncidentLedgers.lifecycle(previous);
        final Lifecycle after = IncidentLedgers.lifecycle(next);
        track(record.key(), after);
        final IncidentState oldState = previous == null ? null : IncidentLedgers.state(previous, before);
        final IncidentState state = IncidentLedgers.state(next, after);
        final List<IncidentChange> changes = changes(oldState, state, correction);
        final IncidentEvent event = changes.isEmpty()
                ? null
                : IncidentEvent.newBuilder()
                        .setChanges(changes)
                        .setEventTime(update.getDisplayTime())
                        .setUpdateId(update.getUpdateId())
                        .setPreviousStage(oldState == null ? null : oldState.getStage())
                        .setState(state)
                        .build();
        context.forward(record.withValue(new IncidentTransition(state, event, fanOut(previous, before, next, after))));
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

    static List<IncidentChange> changes(
            final IncidentState before, final IncidentState after, final boolean correction) {
        final List<IncidentChange> changes = new ArrayList<>();
        if (before == null) {
            changes.add(IncidentChange.OPENED);
            if (!after.getServices().isEmpty()) {
                changes.add(IncidentChange.SERVICES_CHANGED);
            }
            if (after.getResolvedTime() != null && isClosed(after)) {
                changes.add(IncidentChange.RESOLVED);
            }
            if (after.getOutOfOrder()) {
                changes.add(IncidentChange.OUT_OF_ORDER);
            }
            return changes;
        }
        if (before.getStage() != after.getStage()) {
            changes.add(IncidentChange.STAGE_CHANGED);
        }
        if (!isClosed(before) && isClosed(after)) {
            changes.add(IncidentChange.RESOLVED);
        }
        if (after.getReopenCount() > before.getReopenCount()) {
            changes.add(IncidentChange.REOPENED);
        }
        if (before.getPostmortemTime() == null && after.getPostmortemTime() != null) {
            changes.add(IncidentChange.POSTMORTEM_PUBLISHED);
        }
        if (!serviceIds(before).equals(serviceIds(after))) {
            changes.add(IncidentChange.SERVICES_CHANGED);
        }
        if (correction) {
            changes.add(IncidentChange.CORRECTED);
        }
        if (!before.getOutOfOrder() && after.getOutOfOrder()) {
            changes.add(IncidentChange.OUT_OF_ORDER);
        }
        return changes;
    }

    private static boolean isClosed(final IncidentState state) {
        return switch (state.getStage()) {
            case RESOLVED, POSTMORTEM, COMPLETED -> true;
            default -> false;
        };
    }

    private static Set<String> serviceIds(final IncidentState state) {
        final Set<String> ids = new HashSet<>();
        for (final ServiceRef ref : state.getServices()) {
            ids.add(ref.getComponentId());
        }
        return ids;
    }

    /**
     * The figures to send to each service when they changed: to every current service and the provider scope, and a
     * removal to a service the incident no longer affects, all in one record for the provider's task; null when
     * nothing changed. An incident that has not started yet (for example one that so far has only a late postmortem,
     * after its earlier state was dropped) sends nothing, so it cannot wipe the figures the services already hold.
     */
    private static ProviderIncident fanOut(
            final IncidentLedger previous, final Lifecycle before, final IncidentLedger next, final Lifecycle after) {
        final String incidentId = next.getIncidentId();
        final List<ServiceRef> services = IncidentLedgers.services(next);
        final IncidentFigures figures = toAvro(Figures.of(incidentId, after), after, services.size());
        if (after.markers().start() == null) {
            return null;
        }
        final List<ServiceRef> previousServices = previous == null ? List.of() : IncidentLedgers.services(previous);
        if (previous != null) {
            final IncidentFigures old = toAvro(Figures.of(incidentId, before), before, previousServices.size());
            if (old.equals(figures) && previousServices.equals(services)) {
                return null;
            }
        }
        final String provider = next.getProvider();
        final List<ServiceMember> members = new ArrayList<>(services.size() + 2);
        final Set<String> current = new HashSet<>();
        for (final ServiceRef ref : services) {
            current.add(ref.getComponentId());
            members.add(new ServiceMember(
                    ref.getComponentId(), ref.getName(), IncidentLedgers.nameTime(next, ref.getComponentId()), true));
        }
        for (final ServiceRef ref : previousServices) {
            if (!current.contains(ref.getComponentId())) {
                members.add(new ServiceMember(ref.getComponentId(), ref.getName(), 0L, false));
            }
        }
        members.add(new ServiceMember(null, provider, 0L, true));
        return new ProviderIncident(provider, figures, members);
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
