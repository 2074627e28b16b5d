package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.domain.Reliability;
import dev.incidentmonitor.streams.internal.ServiceIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every incident's figures per service (and per provider) in {@code service-ledger-store} and publishes the
 * service's rolling reliability whenever its figures change.
 *
 * <p>Windows end at "now" = max(stream time, wall-clock time of the last wall-clock punctuation). Two punctuators
 * re-publish a service whose windows changed only because time passed (an incident left the last 7 days): one on
 * {@code STREAM_TIME}, so a replay moves windows deterministically, and one on {@code WALL_CLOCK_TIME}, because a
 * quiet service on a quiet partition sees no stream time advance at all, yet its 30-day figures must still move.
 * Each ledger stores the next time its figures change on their own, and a {@link TimeIndex} of those times, rebuilt
 * from the store in {@link #init}, lets a punctuation read only the ledgers that are due.
 */
final class UpdateServiceReliability implements Processor<String, ServiceIncident, String, ServiceReliability> {

    private final String storeName;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private ProcessorContext<String, ServiceReliability> context;
    private KeyValueStore<String, ServiceLedger> store;
    private final TimeIndex nextChanges = new TimeIndex();
    private long wallClock = Long.MIN_VALUE;

    UpdateServiceReliability(
            final String storeName, final Duration streamTimeInterval, final Duration wallClockInterval) {
        this.storeName = storeName;
        this.streamTimeInterval = streamTimeInterval;
        this.wallClockInterval = wallClockInterval;
    }

    @Override
    public void init(final ProcessorContext<String, ServiceReliability> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        try (KeyValueIterator<String, ServiceLedger> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, ServiceLedger> entry = all.next();
                nextChanges.put(entry.key, entry.value.getNextChangeTime());
            }
        }
        context.schedule(streamTimeInterval, PunctuationType.STREAM_TIME, this::advance);
        context.schedule(wallClockInterval, PunctuationType.WALL_CLOCK_TIME, time -> {
            wallClock = time;
            advance(time);
        });
    }

    @Override
    public void process(final Record<String, ServiceIncident> record) {
        if (record.value() == null) {
            return;
        }
        final ServiceLedger ledger = ServiceLedgers.apply(store.get(record.key()), record.value());
        final long now = now();
        publish(record.key(), ledger, now, record.timestamp());
    }

    private long now() {
        return Math.max(context.currentStreamTimeMs(), wallClock);
    }

    private void publish(final String key, final ServiceLedger ledger, final long now, final long timestamp) {
        final List<dev.incidentmonitor.streams.domain.Figures> figures = ServiceLedgers.figures(ledger);
        final Reliability reliability = Reliability.compute(figures, now);
        // The constructor, not newBuilder(ledger): a builder deep-copies every incident's figures, on every publish.
        final ServiceLedger stored = new ServiceLedger(
                ledger.getProvider(),
                ledger.getComponentId(),
                ledger.getServiceName(),
                ledger.getNameTime(),
                ledger.getIncidents(),
                Reliability.nextChange(figures, now));
        store.put(key, stored);
        nextChanges.put(key, stored.getNextChangeTime());
        final ServiceReliability value = ServiceLedgers.toAvro(stored, reliability, now);
        context.forward(new Record<>(key, value, timestamp));
    }

    private void advance(final long ignoredTime) {
        final long now = now();
        for (final String key : nextChanges.atOrBefore(now)) {
            final ServiceLedger ledger = store.get(key);
            final Long next = ledger == null ? null : ledger.getNextChangeTime();
            if (next == null || next > now) {
                nextChanges.put(key, next); // the store is the truth; never seen, but cheap to heal
                continue;
            }
            publish(key, ledger, now, now);
        }
    }
}
