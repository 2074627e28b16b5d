package dev.incidentmonitor.streams.processor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A processor's in-memory copy of the state it reads most, per key, loaded from its store on a miss and dropped,
 * least recently used first, when the weights of all entries (incidents, status changes) pass {@code maxWeight}. The
 * entry in use is kept even when it alone weighs more.
 *
 * <p>The store stays the truth: the processor writes every change to the store and to the cached value, calls
 * {@link #reweigh} after changing a value, and starts a new cache in {@code init()}, so a task that was
 * re-initialised (after a rebalance, a crash or an aborted transaction) reads again what its restored store holds.
 * Not thread-safe, like the processor that owns it.
 *
 * @param <V> the cached value, mutable by the caller
 */
final class WeightedLruCache<V> {

    private final long maxWeight;
    private final ToIntFunction<V> weigher;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    private static final class Entry<V> {
        final V value;
        int weight;

        Entry(final V value, final int weight) {
            this.value = value;
            this.weight = weight;
        }
    }

    /**
     * @param maxWeight the most the entries may weigh together, at least 1
     * @param weigher the weight of one value
     */
    WeightedLruCache(final long maxWeight, final ToIntFunction<V> weigher) {
        if (maxWeight < 1) {
            throw new IllegalArgumentException("maxWeight must be at least 1, was " + maxWeight);
        }
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** The value of {@code key}, which {@code loader} reads from the store when it is not cached. */
    V get(final String key, final Function<String, V> loader) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            final V value = loader.apply(key);
            entry = new Entry<>(value, weigher.applyAsInt(value));
            entries.put(key, entry);
            weight += entry.weight;
            evict(key);
        }
        return entry.value;
    }

    /** Weighs {@code key}'s value again after the caller changed it, and drops the least recently used if needed. */
    void reweigh(final String key) {
        final Entry<V> entry = entries.get(key);
        if (entry != null) {
            final int now = weigher.applyAsInt(entry.value);
            weight += now - entry.weight;
            entry.weight = now;
            evict(key);
        }
    }

    /** What the cached values weigh together. */
    long weight() {
        return weight;
    }

    private void evict(final String keep) {
        final Iterator<Map.Entry<String, Entry<V>>> eldest = entries.entrySet().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            final Map.Entry<String, Entry<V>> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                weight -= entry.getValue().weight;
                eldest.remove();
            }
        }
    }
}
