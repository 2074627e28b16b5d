package dev.incidentmonitor.streams;

import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** Store iterators over map entries, for tests that stand a sorted map in for a state store. */
public final class MapIterators {

    private MapIterators() {}

    /** The entries as a store iterator; {@code peekNextKey} is not supported. */
    public static <K, V> KeyValueIterator<K, V> of(final Iterator<Map.Entry<K, V>> entries) {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public KeyValue<K, V> next() {
                final Map.Entry<K, V> entry = entries.next();
                return KeyValue.pair(entry.getKey(), entry.getValue());
            }

            @Override
            public K peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
    }
}
