package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.InMemorySchemaRegistryClient;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.TestData;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApplyIncidentUpdateTest {

    private static final String STORE = "incident-state-store";
    private static final Duration RETENTION = Duration.ofDays(30);

    private final String scope = "apply-" + UUID.randomUUID();
    private final KeyValueStore<String, IncidentLedger> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(STORE),
                    Serdes.String(),
                    SpecificAvroSerde.configured(
                            IncidentLedger.class,
                            Map.of("schema.registry.url", InMemorySchemaRegistryClient.MOCK_URL_PREFIX + scope),
                            false))
            .withLoggingDisabled()
            .build();
    private final AtomicReference<Punctuator> cleanup = new AtomicReference<>();

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void shouldDropClosedIncidentsPastRetentionWhenTheyWereStoredBeforeInit() {
        store.init(MockStores.context().getStateStoreContext(), store);
        // as after a restart: the ledgers are in the (restored) store before the processor starts
        store.put("openai:old", ledger("old", "2025-01-01T10:00:00Z", "2025-01-01T12:00:00Z"));
        store.put("openai:recent", ledger("recent", "2025-02-20T10:00:00Z", "2025-02-20T12:00:00Z"));
        store.put("openai:open", ledger("open", "2024-12-01T10:00:00Z", null));
        new ApplyIncidentUpdate(STORE, RETENTION, Duration.ofHours(1)).init(context());

        cleanup.get().punctuate(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());

        assertThat(store.get("openai:old")).isNull();
        assertThat(store.get("openai:recent")).isNotNull();
        assertThat(store.get("openai:open"))
                .as("open incidents are never dropped")
                .isNotNull();
    }

    @Test
    void shouldKeepClosedIncidentWhenItsLastUpdateIsExactlyAtTheCutoff() {
        store.init(MockStores.context().getStateStoreContext(), store);
        store.put("openai:edge", ledger("edge", "2025-01-01T10:00:00Z", "2025-01-30T00:00:00Z"));
        new ApplyIncidentUpdate(STORE, RETENTION, Duration.ofHours(1)).init(context());

        cleanup.get().punctuate(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());

        assertThat(store.get("openai:edge")).isNotNull();
    }

    /** An incident opened at {@code opened} and, when {@code resolved} is not null, resolved then. */
    private static IncidentLedger ledger(final String incident, final String opened, final String resolved) {
        final IncidentUpdate first = TestData.update(
                        "openai", incident, incident + "-1", IncidentStatus.INVESTIGATING, opened)
                .build();
        final IncidentLedger ledger = IncidentLedgers.apply(null, first);
        if (resolved == null) {
            return ledger;
        }
        return IncidentLedgers.apply(
                ledger,
                TestData.update("openai", incident, incident + "-2", IncidentStatus.RESOLVED, resolved)
                        .build());
    }

    /**
     * A context that hands out the store and keeps the cleanup punctuator; the test-utils offer no mock context for
     * fixed-key processors, and nothing else is called during {@code init} and a punctuation without records.
     */
    @SuppressWarnings("unchecked")
    private FixedKeyProcessorContext<String, IncidentTransition> context() {
        return (FixedKeyProcessorContext<String, IncidentTransition>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {FixedKeyProcessorContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getStateStore":
                            return store;
                        case "schedule":
                            assertThat(args[1]).isEqualTo(PunctuationType.STREAM_TIME);
                            cleanup.set((Punctuator) args[2]);
                            return (Cancellable) () -> {};
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
