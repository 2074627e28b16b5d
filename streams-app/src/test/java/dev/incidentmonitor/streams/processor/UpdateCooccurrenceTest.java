package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.CooccurrenceWindow;
import dev.incidentmonitor.schema.CooccurrenceWindowLength;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.streams.internal.OutageDays;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UpdateCooccurrence} on a {@link MockProcessorContext} with in-memory stores, its stream-time punctuator
 * called directly: only pairs that shared an outage day are published, a pair that no longer does is deleted, and
 * what was not yet published survives a restart.
 */
class UpdateCooccurrenceTest {

    private static final LocalDate D0 = LocalDate.parse("2024-06-01");

    private MockProcessorContext<String, ServiceCooccurrence> context;
    private MockStores stores;
    private KeyValueStore<String, OutageDays> days;
    private KeyValueStore<String, ServiceCooccurrence> published;
    private KeyValueStore<String, Long> progress;
    /** Latest value of every key forwarded so far (null for a tombstone), as a compacted topic would hold. */
    private final Map<String, ServiceCooccurrence> topic = new HashMap<>();

    @BeforeEach
    void init() {
        context = MockStores.context();
        stores = new MockStores(context);
        days = stores.avro("outage-days-store", OutageDays.class);
        published = stores.avro("cooccurrence-store", ServiceCooccurrence.class);
        progress = stores.longs("cooccurrence-progress-store");
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private UpdateCooccurrence start(final int maxServices) {
        final UpdateCooccurrence processor = new UpdateCooccurrence(
                "outage-days-store",
                "cooccurrence-store",
                "cooccurrence-progress-store",
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                maxServices);
        processor.init(context);
        return processor;
    }

    private static DailyAvailability day(final String component, final LocalDate date, final long majorMinutes) {
        return DailyAvailability.newBuilder()
                .setProvider("acme")
                .setComponentId(component)
                .setServiceName(component.toUpperCase(java.util.Locale.ROOT))
                .setDate(date)
                .setTimeZone("Etc/UTC")
                .setMajorOutageMs(Duration.ofMinutes(majorMinutes).toMillis())
                .setPartialOutageMs(0)
                .setPartialWeight(0.3)
                .setScaledOutageMs(Duration.ofMinutes(majorMinutes).toMillis())
                .setAvailability(1 - majorMinutes / 1440.0)
                .setFinal$(true)
                .setRevision(1)
                .setCorrectedAfterFinal(false)
                .setComputedTime(Instant.EPOCH)
                .build();
    }

    private static void process(final UpdateCooccurrence processor, final DailyAvailability day) {
        processor.process(new Record<>(UpdateCooccurrence.SCOPE_KEY, day, 0L));
    }

    /**
     * Runs the stream-time punctuator; returns what was forwarded since the last call, by key (null for a tombstone).
     */
    private Map<String, ServiceCooccurrence> punctuate() {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .reduce((first, second) -> second) // the processor last started
                .orElseThrow()
                .getPunctuator()
                .punctuate(0L);
        final Map<String, ServiceCooccurrence> out = new LinkedHashMap<>();
        context.forwarded().forEach(f -> out.put(f.record().key(), f.record().value()));
        context.resetForwards();
        topic.putAll(out);
        topic.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    private static CooccurrenceWindow window(final ServiceCooccurrence pair, final CooccurrenceWindowLength length) {
        return pair.getWindows().stream()
                .filter(w -> w.getWindow() == length)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldPublishOnlyPairsThatSharedAnOutageDay() {
        final UpdateCooccurrence processor = start(100);
        process(processor, day("api", D0, 30));
        process(processor, day("web", D0, 10));
        process(processor, day("web", D0.plusDays(1), 10));
        process(processor, day("db", D0.plusDays(2), 5));
        process(processor, day("cdn", D0.plusDays(2), 0));

        final Map<String, ServiceCooccurrence> out = punctuate();

        assertThat(out).containsOnlyKeys("acme:api|acme:web", "acme:web|acme:api");
        assertThat(window(out.get("acme:api|acme:web"), CooccurrenceWindowLength.ALL_TIME)
                        .getProbability())
                .isEqualTo(0.5);
        assertThat(window(out.get("acme:web|acme:api"), CooccurrenceWindowLength.ALL_TIME)
                        .getProbability())
                .isEqualTo(1.0);
        assertThat(out.get("acme:api|acme:web").getServiceB()).isEqualTo("WEB");
        assertThat(punctuate()).as("nothing changed since").isEmpty();
    }

    @Test
    void shouldRepublishOnlyPairsOfServicesThatChanged() {
        final UpdateCooccurrence processor = start(100);
        process(processor, day("api", D0, 30));
        process(processor, day("web", D0, 10));
        process(processor, day("db", D0.plusDays(1), 5));
        process(processor, day("cdn", D0.plusDays(1), 5));
        punctuate();

        process(processor, day("db", D0.plusDays(2), 5));
        final Map<String, ServiceCooccurrence> out = punctuate();

        // P(cdn|db) fell to 1/2; P(db|cdn) is still 1/1, so it is not published again, nor is any pair of api and web
        assertThat(out).containsOnlyKeys("acme:cdn|acme:db");
        assertThat(window(out.get("acme:cdn|acme:db"), CooccurrenceWindowLength.ALL_TIME)
                        .getProbability())
                .isEqualTo(0.5);
    }

    @Test
    void shouldDeletePairWhenCorrectionRemovesTheSharedDay() {
        final UpdateCooccurrence processor = start(100);
        process(processor, day("api", D0, 30));
        process(processor, day("web", D0, 10));
        punctuate();

        process(processor, day("web", D0, 0));
        final Map<String, ServiceCooccurrence> out = punctuate();

        assertThat(out).containsOnlyKeys("acme:api|acme:web", "acme:web|acme:api");
        assertThat(out.values()).containsOnlyNulls();
        assertThat(published.get("acme:api|acme:web")).isNull();
        assertThat(days.get("acme:web").getRemovedDays())
                .as("cleared once published")
                .isEmpty();
    }

    @Test
    void shouldMoveBoundedWindowsWhenLaterDaysArriveForOtherServices() {
        final UpdateCooccurrence processor = start(100);
        process(processor, day("api", D0, 30));
        process(processor, day("web", D0, 10));
        punctuate();
        assertThat(window(topic.get("acme:api|acme:web"), CooccurrenceWindowLength.LAST_30_DAYS)
                        .getBothDays())
                .isEqualTo(1);

        process(processor, day("db", D0.plusDays(30), 5));
        final Map<String, ServiceCooccurrence> out = punctuate();

        assertThat(out).containsOnlyKeys("acme:api|acme:web", "acme:web|acme:api");
        final ServiceCooccurrence pair = out.get("acme:api|acme:web");
        assertThat(window(pair, CooccurrenceWindowLength.LAST_30_DAYS).getBothDays())
                .isZero();
        assertThat(window(pair, CooccurrenceWindowLength.LAST_30_DAYS).getProbability())
                .isNull();
        assertThat(window(pair, CooccurrenceWindowLength.LAST_90_DAYS).getProbability())
                .isEqualTo(1.0);
    }

    @Test
    void shouldPublishAfterRestartWhatWasNotPublishedBeforeIt() {
        final UpdateCooccurrence before = start(100);
        process(before, day("api", D0, 30));
        process(before, day("web", D0, 10));
        punctuate();
        process(before, day("db", D0, 10)); // processed, committed, then the instance died before punctuating

        start(100);
        final Map<String, ServiceCooccurrence> out = punctuate();

        assertThat(out)
                .containsOnlyKeys("acme:api|acme:db", "acme:db|acme:api", "acme:web|acme:db", "acme:db|acme:web");
        assertThat(topic).hasSize(6);
        assertThat(progress.get(UpdateCooccurrence.LAST_DAY_KEY)).isEqualTo(D0.toEpochDay());
    }

    @Test
    void shouldKeepFirstServicesInKeyOrderWhenMatrixIsFull() {
        final UpdateCooccurrence processor = start(2);
        process(processor, day("web", D0, 30));
        process(processor, day("zeta", D0, 10));
        punctuate();
        assertThat(topic).containsOnlyKeys("acme:web|acme:zeta", "acme:zeta|acme:web");

        process(processor, day("aaa", D0, 0)); // sorts first, but without an outage day takes no place
        process(processor, day("api", D0, 10)); // sorts first: takes the place of zeta
        punctuate();

        assertThat(topic).containsOnlyKeys("acme:api|acme:web", "acme:web|acme:api");
        assertThat(published.get("acme:web|acme:zeta")).isNull();
    }
}
