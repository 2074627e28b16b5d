package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.serde.InMemorySchemaRegistryClient;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * In-memory stores (no changelog) registered on a {@link MockProcessorContext}, for a processor's unit test. Each
 * Avro store gets a registry scope of its own: the mock context names every store's changelog alike, so stores of
 * different value types would otherwise register incompatible schemas under one subject. {@link #close} drops the
 * scopes.
 */
final class MockStores implements AutoCloseable {

    /** {@code StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG}, deprecated as a constant. */
    private static final String GLOBAL_HANDLER_ENABLED = "processing.exception.handler.global.enabled";

    private final MockProcessorContext<?, ?> context;
    private final String prefix = "mock-stores-" + UUID.randomUUID();
    private final List<String> scopes = new ArrayList<>();
    private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();

    MockStores(final MockProcessorContext<?, ?> context) {
        this.context = context;
    }

    /**
     * A mock context configured as the app configures its processors' Streams config: the processing exception
     * handler enabled for global processing too, so that Kafka does not warn about it in every test.
     */
    static <K, V> MockProcessorContext<K, V> context() {
        final Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(GLOBAL_HANDLER_ENABLED, true);
        return new MockProcessorContext<>(properties);
    }

    /** A store of Avro values named {@code name}, initialised and added to the context. */
    <V extends SpecificRecord> KeyValueStore<String, V> avro(final String name, final Class<V> type) {
        final String scope = prefix + "-" + name;
        scopes.add(scope);
        return add(
                name,
                SpecificAvroSerde.configured(
                        type,
                        Map.of("schema.registry.url", InMemorySchemaRegistryClient.MOCK_URL_PREFIX + scope),
                        false));
    }

    /** A store of longs named {@code name}, initialised and added to the context. */
    KeyValueStore<String, Long> longs(final String name) {
        return add(name, Serdes.Long());
    }

    private <V> KeyValueStore<String, V> add(final String name, final Serde<V> serde) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
        return store;
    }

    @Override
    public void close() {
        stores.forEach(KeyValueStore::close);
        scopes.forEach(InMemorySchemaRegistryClient::dropScope);
    }
}
