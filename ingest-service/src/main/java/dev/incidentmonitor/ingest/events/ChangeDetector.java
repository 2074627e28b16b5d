package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.ingest.history.HistoricalStatusChange;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Turns what a poll (or an import) saw into the events to publish, each exactly once, by comparing it with what
 * was already published ({@link PublishedState}). Pure and deterministic: the same input and state give an equal
 * {@link ChangeSet}. Stateless, so one instance may serve every poller thread.
 *
 * <p><b>Incident updates.</b> An update whose {@link ContentHash} was never published gives one
 * {@code IncidentUpdate}. One whose hash differs from the published one (edited text, back-dated time, changed
 * components) gives a new event with {@code correction = true} and {@code previous_content_hash}; an equal hash
 * gives nothing. Title, impact, the incident's component list and URL are copied as the page shows them when the
 * event is made; changing only those is not an edit of any update, so it is not published by itself.
 *
 * <p><b>Component changes carried by updates.</b> Each affected component with a new status, and an old status that
 * is absent or different, is a {@code ComponentStatusChange} at the update's display time with the incident id set,
 * emitted when the update is first published or when a correction changed that transition (its component, old or
 * new status, or display time). Their progress is the update's {@link ProgressEntry.UpdateSeen}, which remembers a
 * digest of each transition. A transition that a correction removes is not retracted (the schema has no
 * retraction); the correction's {@code affected_components} shows it is gone.
 *
 * <p><b>Polled components.</b> Each component whose status differs from its last polled status gives a
 * {@code ComponentStatusChange} at the poll's time. The first sighting of a component is published too, with a
 * {@code null} old status: the first observed status is a change from unknown, which starts the component's
 * timeline. A repeated status gives nothing.
 *
 * <p><b>Order.</b> Each list of the {@link ChangeSet} is in event-time order: updates by display time, then
 * provider, incident id and update id (so each incident's updates keep their order under its key); component
 * changes by event time, then key, polled ones before those carried by updates at the same instant. Times are
 * truncated to whole milliseconds, as the Avro {@code timestamp-millis} fields carry them.
 *
 * <p><b>Duplicates in the input.</b> An incident id listed twice in one snapshot, an update id twice in one
 * incident, or a component id twice: the last one listed is used, so that the progress of one call is consistent.
 */
public final class ChangeDetector {

    private static final Comparator<PendingUpdate> UPDATE_ORDER = Comparator.comparing(
                    (PendingUpdate p) -> p.event().timestamp())
            .thenComparing(PendingUpdate::provider)
            .thenComparing(PendingUpdate::incidentId)
            .thenComparing(PendingUpdate::updateId);

    /** Stable sort: ties keep generation order (polled before update-carried, updates in their order). */
    private static final Comparator<PendingChange> CHANGE_ORDER = Comparator.comparing(
                    (PendingChange p) -> p.event().timestamp())
            .thenComparing(p -> p.event().key());

    /** An incident update to publish, with its progress and the component changes it carries. */
    private record PendingUpdate(
            String provider,
            String incidentId,
            String updateId,
            KeyedEvent<IncidentUpdate> event,
            ProgressEntry progress,
            List<KeyedEvent<ComponentStatusChange>> carried) {}

    /** A component change to publish, with its progress ({@code null} when an update's progress covers it). */
    private record PendingChange(KeyedEvent<ComponentStatusChange> event, ProgressEntry progress) {}

    /** How the incident path is told apart between a poll and an import. */
    private record Context(
            String provider,
            String pageId,
            EventSource source,
            UnaryOperator<Instant> observedTime,
            Map<String, String> groupNames,
            DayConvention convention) {}

    private final DayConvention.Resolver conventions;

    /** A detector whose component changes carry no day convention (consumers use their defaults). */
    public ChangeDetector() {
        this(DayConvention.Resolver.NONE);
    }

    /**
     * A detector that stamps each polled provider's day convention on its component changes.
     *
     * @param conventions the convention of each provider, usually from the catalogue
     */
    public ChangeDetector(final DayConvention.Resolver conventions) {
        this.conventions = Objects.requireNonNull(conventions, "conventions");
    }

    private static ComponentStatusChange.Builder withConvention(
            final ComponentStatusChange.Builder change, final DayConvention convention) {
        if (convention != null) {
            change.setTimeZone(convention.timeZone().getId()).setPartialOutageWeight(convention.partialOutageWeight());
        }
        return change;
    }

    /**
     * The events a poll's snapshot holds that were not published yet.
     *
     * @param snapshot what the poll saw
     * @param state what was published
     * @param source {@code POLL} for live polling, {@code SIMULATOR} for the simulator
     * @param observedAt the poll's time: {@code observed_time} of every event, and {@code event_time} of polled
     *     component changes
     */
    public ChangeSet detect(
            final PageSnapshot snapshot,
            final PublishedState state,
            final EventSource source,
            final Instant observedAt) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
        final Instant observed = millis(Objects.requireNonNull(observedAt, "observedAt"));
        final String provider = snapshot.provider();
        final DayConvention convention = conventions.of(provider, snapshot.timeZone());

        final Map<String, ComponentSnapshot> components = new TreeMap<>();
        for (final ComponentSnapshot c : snapshot.components()) {
            components.put(c.id(), c);
        }
        final List<PendingChange> changes = new ArrayList<>();
        final Map<String, String> groupNames = new LinkedHashMap<>();
        for (final ComponentSnapshot c : components.values()) {
            if (c.groupName() != null) {
                groupNames.put(c.id(), c.groupName());
            }
            final Optional<ComponentStatus> last = state.componentStatus(provider, c.id());
            if (last.isPresent() && last.get() == c.status()) {
                continue;
            }
            final ComponentStatusChange change = withConvention(
                            ComponentStatusChange.newBuilder()
                                    .setProvider(provider)
                                    .setComponentId(c.id())
                                    .setName(c.name())
                                    .setGroupName(c.groupName())
                                    .setOldStatus(last.orElse(null))
                                    .setNewStatus(c.status())
                                    .setEventTime(observed)
                                    .setObservedTime(observed)
                                    .setSource(source)
                                    .setIncidentId(null),
                            convention)
                    .build();
            changes.add(new PendingChange(
                    new KeyedEvent<>(provider + ":" + c.id(), change, observed),
                    new ProgressEntry.ComponentSeen(provider, c.id(), c.status())));
        }

        final List<PendingUpdate> updates = new ArrayList<>();
        incidents(
                new Context(provider, snapshot.pageId(), source, display -> observed, groupNames, convention),
                snapshot.incidents(),
                state,
                updates);
        return changeSet(updates, changes);
    }

    /**
     * The events an import holds that were not published yet: every provider's incidents through the same path as
     * {@link #detect} (source {@code IMPORT}, {@code page_id} = provider id, {@code observed_time} = the update's
     * display time, so the output depends on the input only), and every historical status change not seen yet
     * (source {@code IMPORT}, {@code observed_time} = {@code event_time}).
     */
    public ChangeSet detectHistory(final ImportResult result, final PublishedState state) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(state, "state");
        final List<PendingUpdate> updates = new ArrayList<>();
        result.incidents()
                .forEach((provider, incidents) -> incidents(
                        new Context(provider, provider, EventSource.IMPORT, UnaryOperator.identity(), Map.of(), null),
                        incidents,
                        state,
                        updates));

        final List<PendingChange> changes = new ArrayList<>();
        final Set<ProgressEntry.HistoricalChangeSeen> inThisCall = new HashSet<>();
        for (final HistoricalStatusChange h : result.statusChanges()) {
            final ProgressEntry.HistoricalChangeSeen seen =
                    new ProgressEntry.HistoricalChangeSeen(h.provider(), h.componentId(), h.eventTime());
            if (state.historicalChangeSeen(h.provider(), h.componentId(), h.eventTime()) || !inThisCall.add(seen)) {
                continue;
            }
            final Instant time = millis(h.eventTime());
            final ComponentStatusChange change = ComponentStatusChange.newBuilder()
                    .setProvider(h.provider())
                    .setComponentId(h.componentId())
                    .setName(h.componentName())
                    .setGroupName(null)
                    .setOldStatus(h.oldStatus())
                    .setNewStatus(h.newStatus())
                    .setEventTime(time)
                    .setObservedTime(time)
                    .setSource(EventSource.IMPORT)
                    .setIncidentId(null)
                    .build();
            changes.add(new PendingChange(new KeyedEvent<>(h.provider() + ":" + h.componentId(), change, time), seen));
        }
        return changeSet(updates, changes);
    }

    /** The incident path shared by polls and imports. */
    private static void incidents(
            final Context ctx,
            final List<IncidentSnapshot> incidents,
            final PublishedState state,
            final List<PendingUpdate> out) {
        final Map<String, IncidentSnapshot> byId = new LinkedHashMap<>();
        for (final IncidentSnapshot incident : incidents) {
            byId.remove(incident.id());
            byId.put(incident.id(), incident);
        }
        for (final IncidentSnapshot incident : byId.values()) {
            final Map<String, UpdateSnapshot> updates = new LinkedHashMap<>();
            for (final UpdateSnapshot update : incident.updates()) {
                updates.remove(update.id());
                updates.put(update.id(), update);
            }
            List<ServiceRef> incidentComponents = null;
            for (final UpdateSnapshot update : updates.values()) {
                final String hash = ContentHash.of(update);
                final Optional<String> published = state.updateHash(ctx.provider(), incident.id(), update.id());
                if (published.isPresent() && published.get().equals(hash)) {
                    continue;
                }
                if (incidentComponents == null) {
                    incidentComponents = serviceRefs(incident.components());
                }
                out.add(update(ctx, incident, incidentComponents, update, hash, published, state));
            }
        }
    }

    private static PendingUpdate update(
            final Context ctx,
            final IncidentSnapshot incident,
            final List<ServiceRef> incidentComponents,
            final UpdateSnapshot update,
            final String hash,
            final Optional<String> published,
            final PublishedState state) {
        final String provider = ctx.provider();
        final Instant display = millis(update.displayAt());
        final Instant observed = millis(ctx.observedTime().apply(display));
        final List<AffectedComponent> affected =
                new ArrayList<>(update.components().size());
        for (final ComponentChange c : update.components()) {
            affected.add(AffectedComponent.newBuilder()
                    .setComponentId(c.componentId())
                    .setName(c.name())
                    .setOldStatus(c.oldStatus())
                    .setNewStatus(c.newStatus())
                    .build());
        }
        final IncidentUpdate event = IncidentUpdate.newBuilder()
                .setProvider(provider)
                .setPageId(ctx.pageId())
                .setIncidentId(incident.id())
                .setUpdateId(update.id())
                .setStatus(update.status())
                .setImpact(incident.impact())
                .setIncidentTitle(incident.title())
                .setBody(update.body())
                .setDisplayTime(display)
                .setCreatedTime(update.createdAt() == null ? null : millis(update.createdAt()))
                .setObservedTime(observed)
                .setAffectedComponents(List.copyOf(affected))
                .setIncidentComponents(incidentComponents)
                .setSource(ctx.source())
                .setContentHash(hash)
                .setCorrection(published.isPresent())
                .setPreviousContentHash(published.orElse(null))
                .setIncidentUrl(incident.url())
                .build();

        // Each distinct transition this version carries, in page order, remembered by digest.
        final Set<String> transitions = new TreeSet<>();
        final Set<String> before =
                published.isPresent() ? state.updateTransitions(provider, incident.id(), update.id()) : Set.of();
        final List<KeyedEvent<ComponentStatusChange>> carried = new ArrayList<>();
        for (final ComponentChange c : update.components()) {
            if (c.newStatus() == null || c.oldStatus() == c.newStatus()) {
                continue;
            }
            final String digest = ContentHash.transition(c.componentId(), c.oldStatus(), c.newStatus(), display);
            if (!transitions.add(digest) || before.contains(digest)) {
                continue;
            }
            final ComponentStatusChange change = withConvention(
                            ComponentStatusChange.newBuilder()
                                    .setProvider(provider)
                                    .setComponentId(c.componentId())
                                    .setName(c.name())
                                    .setGroupName(ctx.groupNames().get(c.componentId()))
                                    .setOldStatus(c.oldStatus())
                                    .setNewStatus(c.newStatus())
                                    .setEventTime(display)
                                    .setObservedTime(observed)
                                    .setSource(ctx.source())
                                    .setIncidentId(incident.id()),
                            ctx.convention())
                    .build();
            carried.add(new KeyedEvent<>(provider + ":" + c.componentId(), change, display));
        }
        return new PendingUpdate(
                provider,
                incident.id(),
                update.id(),
                new KeyedEvent<>(provider + ":" + incident.id(), event, display),
                new ProgressEntry.UpdateSeen(provider, incident.id(), update.id(), hash, List.copyOf(transitions)),
                carried);
    }

    private static ChangeSet changeSet(final List<PendingUpdate> updates, final List<PendingChange> polled) {
        if (updates.isEmpty() && polled.isEmpty()) {
            return ChangeSet.empty();
        }
        updates.sort(UPDATE_ORDER);
        final List<KeyedEvent<IncidentUpdate>> updateEvents = new ArrayList<>(updates.size());
        final List<ProgressEntry> progress = new ArrayList<>(updates.size() + polled.size());
        final List<PendingChange> changes = new ArrayList<>(polled);
        for (final PendingUpdate p : updates) {
            updateEvents.add(p.event());
            progress.add(p.progress());
            for (final KeyedEvent<ComponentStatusChange> carried : p.carried()) {
                changes.add(new PendingChange(carried, null));
            }
        }
        changes.sort(CHANGE_ORDER);
        final List<KeyedEvent<ComponentStatusChange>> changeEvents = new ArrayList<>(changes.size());
        for (final PendingChange p : changes) {
            changeEvents.add(p.event());
            if (p.progress() != null) {
                progress.add(p.progress());
            }
        }
        return new ChangeSet(updateEvents, changeEvents, progress);
    }

    private static List<ServiceRef> serviceRefs(final List<ComponentRef> components) {
        final List<ServiceRef> refs = new ArrayList<>(components.size());
        for (final ComponentRef c : components) {
            refs.add(ServiceRef.newBuilder()
                    .setComponentId(c.id())
                    .setName(c.name())
                    .build());
        }
        return List.copyOf(refs);
    }

    private static Instant millis(final Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
