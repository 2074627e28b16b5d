package dev.incidentmonitor.streams.processor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The keys of a store, each with a time of its own (when a service's figures next change, when a closed incident
 * was last updated), ordered by that time, so that a punctuator finds the keys that are due without reading and
 * deserialising every value in the store.
 *
 * <p>Why: a stream-time punctuator runs every stream hour, and a replay of a year of history passes 8,760 stream
 * hours in minutes. Reading the whole store at each one made the punctuators most of the work: 78% of the CPU time of
 * a 20,000-update replay of {@code bench streams}' synthetic year, against 10% for processing the records.
 *
 * <p>It lives in memory next to its store and is never logged: a processor rebuilds it from the store in
 * {@code init()}, which Kafka Streams calls after the store is restored, and again whenever the task is
 * re-initialised (after a rebalance, a crash or an aborted transaction); the processor updates it with every put and
 * delete of the store. Not thread-safe, like the processor that owns it.
 */
final class TimeIndex {

    /** The order a {@code String}-keyed store iterates in: its keys' UTF-8 bytes, unsigned. */
    static final Comparator<String> STORE_ORDER =
            Comparator.comparing((String key) -> key.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    private static final Comparator<Entry> BY_TIME =
            Comparator.comparingLong(Entry::time).thenComparing(Entry::key);

    private final Map<String, Long> times = new HashMap<>();
    private final TreeSet<Entry> ordered = new TreeSet<>(BY_TIME);

    /** Sets {@code key}'s time; {@code null} removes the key. */
    void put(final String key, final Long time) {
        if (time != null && time.equals(times.get(key))) {
            return;
        }
        remove(key);
        if (time != null) {
            times.put(key, time);
            ordered.add(new Entry(time, key));
        }
    }

    /** Forgets {@code key}. */
    void remove(final String key) {
        final Long old = times.remove(key);
        if (old != null) {
            ordered.remove(new Entry(old, key));
        }
    }

    /** The time of {@code key}, or null when it has none. */
    Long time(final String key) {
        return times.get(key);
    }

    /**
     * The keys whose time is at most {@code bound}, in the order the store iterates them, so that what a punctuator
     * does with them happens in the same order as when it scanned the store.
     */
    List<String> atOrBefore(final long bound) {
        final List<String> due = new ArrayList<>();
        for (final Entry entry : ordered) {
            if (entry.time() > bound) {
                break;
            }
            due.add(entry.key());
        }
        due.sort(STORE_ORDER);
        return due;
    }

    /** Forgets every key. */
    void clear() {
        times.clear();
        ordered.clear();
    }

    /** How many keys have a time. */
    int size() {
        return times.size();
    }

    private record Entry(long time, String key) {}
}
