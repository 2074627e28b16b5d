package dev.incidentmonitor.local;

import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The minimal one-store Kafka Streams aggregate a benchmark judges a topology against: read with the Avro serde, put
 * a per-key counter into a persistent (RocksDB) store, forward every record and write it with the Avro serde. The
 * same cost per record as the cheapest useful stateful app, so what lies between it and a plain consumer is the price
 * of Kafka Streams with EOS on this machine, not of our code. {@code ensure.explicit.internal.resource.naming} holds
 * as for the real topology.
 */
final class MinimalAggregate {

    /** Its one store. */
    static final String STORE = "bench-count-store";
    /** Its application id, also the prefix of its topics. */
    static final String APPLICATION_ID = "bench-minimal";

    private MinimalAggregate() {}

    /**
     * Runs the aggregate as {@code applicationId} ({@value #APPLICATION_ID} for a measured run; it also names the
     * output topic, {@code <applicationId>-out}) over the whole of {@code input} with the benchmark's Streams settings,
     * counting its store's keys and measuring its state after close.
     */
    static <V extends SpecificRecord> BenchRig.AppRun run(
            final BenchRig rig,
            final String applicationId,
            final Class<V> type,
            final String input,
            final long records,
            final int partitions,
            final Map<String, Object> streamsSettings)
            throws Exception {
        final StreamsAppConfig config = rig.config(applicationId, partitions, streamsSettings, Map.of());
        final String output = applicationId + "-out";
        rig.createTopic(output, partitions);
        return rig.run(
                "minimal aggregate",
                build(config, type, input, output),
                config,
                input,
                records,
                List.of(STORE),
                Duration.ZERO,
                app -> {});
    }

    /**
     * Builds the topology.
     *
     * @param type the Avro class of the input's values
     * @param input the topic read
     * @param output the topic every record is written to
     */
    static <V extends SpecificRecord> Topology build(
            final StreamsAppConfig config, final Class<V> type, final String input, final String output) {
        final Serde<V> values = SpecificAvroSerde.configured(type, config.kafka(), false);
        final StoreBuilder<KeyValueStore<String, Long>> store =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long());
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), values).withName("read-input"))
                .processValues(new CountingSupplier<V>(store), Named.as("count-records"))
                .to(output, Produced.with(Serdes.String(), values).withName("write-output"));
        return builder.build(config.kafkaProperties());
    }

    /** Supplies {@link Counting} with its store. */
    private record CountingSupplier<V>(StoreBuilder<KeyValueStore<String, Long>> store)
            implements FixedKeyProcessorSupplier<String, V, V> {

        @Override
        public FixedKeyProcessor<String, V, V> get() {
            return new Counting<>(store.name());
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(store);
        }
    }

    /** Counts records per key in the store and forwards every record. */
    private static final class Counting<V> implements FixedKeyProcessor<String, V, V> {

        private final String storeName;
        private FixedKeyProcessorContext<String, V> context;
        private KeyValueStore<String, Long> store;

        Counting(final String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(final FixedKeyProcessorContext<String, V> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(final FixedKeyRecord<String, V> record) {
            final Long count = store.get(record.key());
            store.put(record.key(), count == null ? 1L : count + 1);
            context.forward(record);
        }
    }
}
