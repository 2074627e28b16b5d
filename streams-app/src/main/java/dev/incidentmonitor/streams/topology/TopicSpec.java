package dev.incidentmonitor.streams.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic name together with its serdes, so a topic cannot be read or written with the wrong ones.
 *
 * @param name the topic
 * @param keySerde its key serde
 * @param valueSerde its value serde
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** How to read this topic, naming the source node {@code processorName}. */
    public Consumed<K, V> consumed(final String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    /** How to write this topic, naming the sink node {@code processorName}. */
    public Produced<K, V> produced(final String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }
}
