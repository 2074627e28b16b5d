package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.serde.InMemorySchemaRegistryClient;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpdateServiceReliabilityDueIndexTest {

    private static final String STORE = "service-ledger-store";
    private static final long NOW = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();

    private final String scope = "reliability-" + UUID.randomUUID();
    private final MockProcessorContext<String, ServiceReliability> context = new MockProcessorContext<>();
    private final KeyValueStore<String, ServiceLedger> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(STORE),
                    Serdes.String(),
                    SpecificAvroSerde.configured(
                            ServiceLedger.class,
                            Map.of("schema.registry.url", InMemorySchemaRegistryClient.MOCK_URL_PREFIX + scope),
                            false))
            .withLoggingDisabled()
            .build();

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void shouldRepublishOnlyDueLedgersWhenTheyWereStoredBeforeInit() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        // as after a restart: the ledgers are in the (restored) store before the processor starts
        store.put("openai:api", ledger("api", NOW - Duration.ofHours(1).toMillis()));
        store.put("openai:chat", ledger("chat", NOW + Duration.ofDays(1).toMillis()));
        store.put("openai:files", ledger("files", null));
        final UpdateServiceReliability processor =
                new UpdateServiceReliability(STORE, Duration.ofHours(1), Duration.ofMinutes(1));
        processor.init(context);
        context.setCurrentStreamTimeMs(NOW);

        streamTimePunctuator().getPunctuator().punctuate(NOW);

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("openai:api");
        assertThat(context.forwarded().get(0).record().value().getComputedTime())
                .isEqualTo(Instant.ofEpochMilli(NOW));
        final Long next = store.get("openai:api").getNextChangeTime();
        assertThat(next == null || next > NOW)
                .as("next change after the republish: %s", next)
                .isTrue();
    }

    @Test
    void shouldNotRepublishAgainWhenNothingBecameDue() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        store.put("openai:api", ledger("api", NOW - Duration.ofHours(1).toMillis()));
        final UpdateServiceReliability processor =
                new UpdateServiceReliability(STORE, Duration.ofHours(1), Duration.ofMinutes(1));
        processor.init(context);
        context.setCurrentStreamTimeMs(NOW);
        streamTimePunctuator().getPunctuator().punctuate(NOW);
        context.resetForwards();

        streamTimePunctuator().getPunctuator().punctuate(NOW);

        assertThat(context.forwarded()).isEmpty();
    }

    private CapturedPunctuator streamTimePunctuator() {
        return context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .findFirst()
                .orElseThrow();
    }

    /** A service with one incident resolved 8 days before {@link #NOW}, whose next change is {@code next}. */
    private static ServiceLedger ledger(final String componentId, final Long next) {
        final long start = NOW - Duration.ofDays(8).toMillis();
        final long resolved = start + Duration.ofHours(2).toMillis();
        final IncidentFigures figures = IncidentFigures.newBuilder()
                .setIncidentId("inc-" + componentId)
                .setCounted(true)
                .setMaintenance(false)
                .setOutOfOrder(false)
                .setStatusCombination("S1-S4")
                .setStartTime(start)
                .setResolvedTime(resolved)
                .setTimeToResolveMs(resolved - start)
                .setAffectedServices(1)
                .build();
        return ServiceLedger.newBuilder()
                .setProvider("openai")
                .setComponentId(componentId)
                .setServiceName(componentId.toUpperCase(java.util.Locale.ROOT))
                .setNameTime(start)
                .setIncidents(List.of(figures))
                .setNextChangeTime(next)
                .build();
    }
}
