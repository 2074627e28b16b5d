package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PublishedState} held in memory, fed with {@link ProgressEntry}s: those of committed transactions while
 * running, and the whole progress topic at start-up.
 *
 * <p>{@link #apply(ProgressEntry)} replaces what an entry with the same {@link ProgressEntry#key()} said before,
 * as compaction does, so replaying the topic in offset order (or its compacted form) gives the same state. Safe
 * for concurrent use: pollers may read while the producer applies what it committed.
 */
public final class InMemoryPublishedState implements PublishedState {

    private record UpdateKey(String provider, String incidentId, String updateId) {}

    private record ComponentKey(String provider, String componentId) {}

    private record HistoryKey(String provider, String componentId, Instant eventTime) {}

    private final Map<UpdateKey, ProgressEntry.UpdateSeen> updates = new ConcurrentHashMap<>();
    private final Map<ComponentKey, ComponentStatus> components = new ConcurrentHashMap<>();
    private final Set<HistoryKey> history = ConcurrentHashMap.newKeySet();

    /** Records one entry; a later entry with the same key replaces an earlier one. */
    public void apply(final ProgressEntry entry) {
        if (entry instanceof ProgressEntry.UpdateSeen u) {
            updates.put(new UpdateKey(u.provider(), u.incidentId(), u.updateId()), u);
        } else if (entry instanceof ProgressEntry.ComponentSeen c) {
            components.put(new ComponentKey(c.provider(), c.componentId()), c.status());
        } else if (entry instanceof ProgressEntry.HistoricalChangeSeen h) {
            history.add(new HistoryKey(h.provider(), h.componentId(), h.eventTime()));
        } else {
            throw new IllegalArgumentException("unknown progress entry " + entry);
        }
    }

    /** Records every entry, in order. */
    public void applyAll(final Iterable<? extends ProgressEntry> entries) {
        for (final ProgressEntry entry : entries) {
            apply(entry);
        }
    }

    /** Number of distinct keys held (updates, components and historical changes). */
    public int size() {
        return updates.size() + components.size() + history.size();
    }

    @Override
    public Optional<String> updateHash(final String provider, final String incidentId, final String updateId) {
        final ProgressEntry.UpdateSeen seen = updates.get(new UpdateKey(provider, incidentId, updateId));
        return seen == null ? Optional.empty() : Optional.of(seen.contentHash());
    }

    @Override
    public Set<String> updateTransitions(final String provider, final String incidentId, final String updateId) {
        final ProgressEntry.UpdateSeen seen = updates.get(new UpdateKey(provider, incidentId, updateId));
        return seen == null ? Set.of() : Set.copyOf(seen.transitions());
    }

    @Override
    public Optional<ComponentStatus> componentStatus(final String provider, final String componentId) {
        return Optional.ofNullable(components.get(new ComponentKey(provider, componentId)));
    }

    @Override
    public boolean historicalChangeSeen(final String provider, final String componentId, final Instant eventTime) {
        return history.contains(new HistoryKey(provider, componentId, eventTime));
    }
}
