package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.schema.ReliabilityWindow;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.schema.WindowReliability;
import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.domain.Lifecycle;
import dev.incidentmonitor.streams.domain.Status;
import dev.incidentmonitor.streams.domain.Update;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UpdateServiceReliability} on a {@link MockProcessorContext} with an in-memory store (logging disabled), its
 * punctuators called directly: each re-publishes exactly the services whose windows moved, with windows ending at
 * max(stream time, last wall-clock punctuation).
 */
class UpdateServiceReliabilityTest {

    private static final String STORE = "service-ledger-store";
    private static final String FIGURES = "incident-figures-store";
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long T0 = Instant.parse("2024-04-10T10:00:00Z").toEpochMilli();

    private MockStores stores;
    private MockProcessorContext<String, ServiceReliability> context;
    private KeyValueStore<String, ServiceLedger> store;
    private KeyValueStore<String, ProviderIncident> figures;
    private UpdateServiceReliability processor;

    @BeforeEach
    void init() {
        context = MockStores.context();
        // As in a real task before its first record: stream time unknown (-1).
        context.setCurrentStreamTimeMs(-1L);
        stores = new MockStores(context);
        store = stores.avro(STORE, ServiceLedger.class);
        figures = stores.avro(FIGURES, ProviderIncident.class);
        processor = new UpdateServiceReliability(
                STORE, FIGURES, Duration.ofHours(1), Duration.ofMinutes(1), 1_000, Duration.ZERO);
        processor.init(context);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private static ProviderIncident incident(
            final String component, final String id, final long start, final long ttr) {
        final Lifecycle lifecycle = Lifecycle.of(
                List.of(
                        new Update(id + "-1", Status.INVESTIGATING, start),
                        new Update(id + "-2", Status.RESOLVED, start + ttr)),
                false);
        return new ProviderIncident(
                "openai",
                ApplyIncidentUpdate.toAvro(Figures.of(id, lifecycle), lifecycle, 1),
                List.of(new ServiceMember(component, component, start, true)));
    }

    /** Processes {@code incident}, whose one service is {@code service}, as the provider's task receives it. */
    private void process(final String service, final ProviderIncident incident, final long timestamp) {
        assertThat(service).isEqualTo("openai:" + incident.getServices().get(0).getComponentId());
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), timestamp));
        processor.process(new Record<>(incident.getProvider(), incident, timestamp));
    }

    private Punctuator punctuator(final PunctuationType type) {
        return context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == type)
                .map(CapturedPunctuator::getPunctuator)
                .findFirst()
                .orElseThrow();
    }

    private List<Record<String, ServiceReliability>> forwarded() {
        final List<Record<String, ServiceReliability>> records = context.forwarded().stream()
                .map(f -> new Record<String, ServiceReliability>(
                        f.record().key(), f.record().value(), f.record().timestamp()))
                .toList();
        context.resetForwards();
        return records;
    }

    private static WindowReliability window(final ServiceReliability reliability, final ReliabilityWindow window) {
        return reliability.getWindows().get(window.ordinal());
    }

    @Test
    void shouldScheduleOneStreamTimeAndOneWallClockPunctuatorWhenInitialised() {
        assertThat(context.scheduledPunctuators())
                .extracting(CapturedPunctuator::getType, CapturedPunctuator::getInterval)
                .containsExactlyInAnyOrder(
                        tuple(PunctuationType.STREAM_TIME, Duration.ofHours(1)),
                        tuple(PunctuationType.WALL_CLOCK_TIME, Duration.ofMinutes(1)));
    }

    @Test
    void shouldPublishAndRememberNextChangeWhenIncidentArrives() {
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("openai:api");
        assertThat(out.get(0).timestamp()).isEqualTo(T0 + HOUR);
        assertThat(window(out.get(0).value(), ReliabilityWindow.LAST_7_DAYS).getIncidents())
                .isEqualTo(1);
        assertThat(out.get(0).value().getComputedTime()).isEqualTo(Instant.ofEpochMilli(T0 + HOUR));
        assertThat(store.get("openai:api").getNextChangeTime()).isEqualTo(T0 + 7 * DAY);
    }

    @Test
    void shouldRepublishOnlyDueServicesWhenStreamTimePunctuatorRuns() {
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        process("openai:chatgpt", incident("chatgpt", "c", T0 + 3 * DAY, HOUR), T0 + 3 * DAY + HOUR);
        forwarded();

        context.setCurrentStreamTimeMs(T0 + 7 * DAY - 1);
        punctuator(PunctuationType.STREAM_TIME).punctuate(T0 + 7 * DAY - 1);
        assertThat(forwarded()).isEmpty();

        context.setCurrentStreamTimeMs(T0 + 7 * DAY + HOUR);
        punctuator(PunctuationType.STREAM_TIME).punctuate(T0 + 7 * DAY + HOUR);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out).extracting(Record::key).containsExactly("openai:api");
        final ServiceReliability api = out.get(0).value();
        assertThat(out.get(0).timestamp()).isEqualTo(T0 + 7 * DAY + HOUR);
        assertThat(window(api, ReliabilityWindow.LAST_7_DAYS).getIncidents()).isZero();
        assertThat(window(api, ReliabilityWindow.LAST_7_DAYS).getMttrSamples()).isZero();
        assertThat(window(api, ReliabilityWindow.LAST_30_DAYS).getMttrSamples()).isEqualTo(1);
        assertThat(store.get("openai:api").getNextChangeTime()).isEqualTo(T0 + 30 * DAY);
        assertThat(store.get("openai:chatgpt").getNextChangeTime()).isEqualTo(T0 + 10 * DAY);
    }

    @Test
    void shouldEndWindowsAtWallClockWhenItIsAheadOfStreamTime() {
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        forwarded();
        final long wallClock = T0 + 31 * DAY;

        punctuator(PunctuationType.WALL_CLOCK_TIME).punctuate(wallClock);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out).hasSize(1);
        final ServiceReliability api = out.get(0).value();
        assertThat(api.getComputedTime()).isEqualTo(Instant.ofEpochMilli(wallClock));
        assertThat(window(api, ReliabilityWindow.LAST_30_DAYS).getIncidents()).isZero();
        assertThat(window(api, ReliabilityWindow.LAST_90_DAYS).getIncidents()).isEqualTo(1);
        assertThat(store.get("openai:api").getNextChangeTime()).isEqualTo(T0 + 90 * DAY);

        // A later record is computed against the wall clock too, although stream time is still 31 days behind.
        process("openai:api", incident("api", "b", T0 + 2 * HOUR, HOUR), T0 + 3 * HOUR);
        final ServiceReliability next = forwarded().get(0).value();
        assertThat(next.getComputedTime()).isEqualTo(Instant.ofEpochMilli(wallClock));
        assertThat(window(next, ReliabilityWindow.LAST_30_DAYS).getIncidents()).isZero();
        assertThat(window(next, ReliabilityWindow.ALL_TIME).getIncidents()).isEqualTo(2);
    }

    @Test
    void shouldPublishNothingWhenPunctuatorRunsWithNoLedger() {
        punctuator(PunctuationType.WALL_CLOCK_TIME).punctuate(T0);
        punctuator(PunctuationType.STREAM_TIME).punctuate(T0);

        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldIgnoreTombstoneWhenValueIsNull() {
        processor.process(new Record<>("openai", null, T0));

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.get("openai:api")).isNull();
    }

    /** A processor on the same stores that publishes once per second, initialised on a fresh context. */
    private MockProcessorContext<String, ServiceReliability> coalescing() {
        final MockProcessorContext<String, ServiceReliability> emitting = MockStores.context();
        emitting.setCurrentStreamTimeMs(context.currentStreamTimeMs());
        emitting.setCurrentSystemTimeMs(T0);
        emitting.addStateStore(store);
        emitting.addStateStore(figures);
        processor = new UpdateServiceReliability(
                STORE, FIGURES, Duration.ofHours(1), Duration.ofMinutes(1), 1_000, Duration.ofSeconds(1));
        processor.init(emitting);
        context = emitting;
        return emitting;
    }

    private Punctuator emitTick() {
        return context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME
                        && p.getInterval().equals(Duration.ofMillis(100)))
                .map(CapturedPunctuator::getPunctuator)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldPublishEachChangedServiceOnceWithItsLatestFiguresWhenEmitTickRuns() {
        coalescing();
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        process("openai:api", incident("api", "b", T0 + 2 * HOUR, 2 * HOUR), T0 + 4 * HOUR);
        process("openai:chatgpt", incident("chatgpt", "c", T0, HOUR), T0 + 5 * HOUR);
        assertThat(context.forwarded()).as("nothing before the tick").isEmpty();
        assertThat(store.get("openai:api").getServiceName())
                .as("the header is stored at once")
                .isEqualTo("api");

        emitTick().punctuate(T0 + 999);
        assertThat(context.forwarded())
                .as("due one emit interval after the first change")
                .isEmpty();
        emitTick().punctuate(T0 + 1500);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out)
                .extracting(Record::key, Record::timestamp)
                .containsExactly(tuple("openai:api", T0 + 4 * HOUR), tuple("openai:chatgpt", T0 + 5 * HOUR));
        final WindowReliability api = window(out.get(0).value(), ReliabilityWindow.ALL_TIME);
        assertThat(api.getIncidents()).isEqualTo(2);
        assertThat(api.getMttrMeanMs()).isEqualTo(3 * HOUR / 2);
        assertThat(store.get("openai:api").getNextChangeTime())
                .as("the next change is known once published")
                .isEqualTo(T0 + 7 * DAY);

        emitTick().punctuate(T0 + 3000);
        assertThat(context.forwarded()).as("nothing changed since").isEmpty();
    }

    @Test
    void shouldPublishDueServiceAtNextEmitTickWhenItsWindowMoves() {
        coalescing();
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        emitTick().punctuate(T0 + 1500);
        forwarded();

        context.setCurrentStreamTimeMs(T0 + 8 * DAY);
        punctuator(PunctuationType.STREAM_TIME).punctuate(T0 + 8 * DAY);
        assertThat(context.forwarded()).isEmpty();
        emitTick().punctuate(T0 + 1500);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out).extracting(Record::key).containsExactly("openai:api");
        assertThat(window(out.get(0).value(), ReliabilityWindow.LAST_7_DAYS).getIncidents())
                .isZero();
        assertThat(store.get("openai:api").getNextChangeTime()).isEqualTo(T0 + 30 * DAY);
    }

    @Test
    void shouldNotPostponeBusyServiceWhenItChangesAgainBeforeItIsDue() {
        coalescing();
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        context.setCurrentSystemTimeMs(T0 + 900);
        process("openai:api", incident("api", "b", T0 + 2 * HOUR, HOUR), T0 + 3 * HOUR);

        emitTick().punctuate(T0 + 1500);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out).extracting(Record::key, Record::timestamp).containsExactly(tuple("openai:api", T0 + 3 * HOUR));
        assertThat(window(out.get(0).value(), ReliabilityWindow.ALL_TIME).getIncidents())
                .isEqualTo(2);
    }

    @Test
    void shouldPublishEveryStoredServiceAgainWhenReinitialised() {
        coalescing();
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        process("openai:chatgpt", incident("chatgpt", "c", T0, HOUR), T0 + 2 * HOUR);
        // the task stops (crash, rebalance) after its stores were committed, before the tick published them

        coalescing();
        emitTick().punctuate(T0);

        final List<Record<String, ServiceReliability>> out = forwarded();
        assertThat(out)
                .extracting(Record::key, Record::timestamp)
                .containsExactlyInAnyOrder(tuple("openai:api", T0 + 2 * HOUR), tuple("openai:chatgpt", T0 + 2 * HOUR));
        assertThat(window(out.get(0).value(), ReliabilityWindow.ALL_TIME).getIncidents())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepDirtyServicesWhenEmitTickRunsBeforeAnyTimeIsKnown() {
        process("openai:api", incident("api", "a", T0, HOUR), T0 + HOUR);
        context.setCurrentStreamTimeMs(-1L);
        coalescing();

        emitTick().punctuate(T0);
        assertThat(context.forwarded())
                .as("no time to compute windows against yet")
                .isEmpty();

        context.setCurrentStreamTimeMs(T0 + HOUR);
        emitTick().punctuate(T0);
        assertThat(forwarded()).extracting(Record::key).containsExactly("openai:api");
    }
}
