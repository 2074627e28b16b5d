package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpdateServiceReliabilityDueIndexTest {

    private static final String STORE = "service-ledger-store";
    private static final String FIGURES = "incident-figures-store";
    private static final long NOW = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();

    private final MockProcessorContext<String, ServiceReliability> context = MockStores.context();
    private final MockStores stores = new MockStores(context);
    private final KeyValueStore<String, ServiceLedger> store = stores.avro(STORE, ServiceLedger.class);
    private final KeyValueStore<String, ProviderIncident> figures = stores.avro(FIGURES, ProviderIncident.class);

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void shouldRepublishOnlyDueLedgersWhenTheyWereStoredBeforeInit() {
        // as after a restart: the ledgers are in the (restored) store before the processor starts
        put("api", NOW - Duration.ofHours(1).toMillis());
        put("chat", NOW + Duration.ofDays(1).toMillis());
        put("files", null);
        final UpdateServiceReliability processor = new UpdateServiceReliability(
                STORE, FIGURES, Duration.ofHours(1), Duration.ofMinutes(1), 1_000, Duration.ZERO);
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
        put("api", NOW - Duration.ofHours(1).toMillis());
        final UpdateServiceReliability processor = new UpdateServiceReliability(
                STORE, FIGURES, Duration.ofHours(1), Duration.ofMinutes(1), 1_000, Duration.ZERO);
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

    /** Stores a service with one incident resolved 8 days before {@link #NOW}, whose next change is {@code next}. */
    private void put(final String componentId, final Long next) {
        final long start = NOW - Duration.ofDays(8).toMillis();
        final long resolved = start + Duration.ofHours(2).toMillis();
        final IncidentFigures incident = IncidentFigures.newBuilder()
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
        final String key = "openai:" + componentId;
        figures.put(
                ServiceLedgers.figuresKey("openai", incident.getIncidentId()),
                new ProviderIncident(
                        "openai", incident, List.of(new ServiceMember(componentId, componentId, start, true))));
        store.put(
                key,
                new ServiceLedger("openai", componentId, componentId.toUpperCase(java.util.Locale.ROOT), start, next));
    }
}
