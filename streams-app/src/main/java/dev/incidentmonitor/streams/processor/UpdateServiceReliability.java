package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.domain.Reliability;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ServiceIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every incident's figures per service (and per provider) and publishes the service's rolling reliability
 * whenever its figures change.
 *
 * <p>Two stores: {@code service-figures-store} holds one entry per service and incident, so an incident's change
 * writes one small entry (and changelog record), whatever the service's history; {@code service-ledger-store} holds
 * one header per service (its name and when its figures next change on their own), written only when one of those
 * changes. A {@link FiguresCache} keeps the figures of recently used services in memory, so computing the windows
 * reads no store.
 *
 * <p>Windows end at "now" = max(stream time, wall-clock time of the last wall-clock punctuation). Two punctuators
 * re-publish a service whose windows changed only because time passed (an incident left the last 7 days): one on
 * {@code STREAM_TIME}, so a replay moves windows deterministically, and one on {@code WALL_CLOCK_TIME}, because a
 * quiet service on a quiet partition sees no stream time advance at all, yet its 30-day figures must still move. A
 * {@link TimeIndex} of the headers' next-change times, rebuilt from the store in {@link #init}, lets a punctuation
 * read only the services that are due.
 */
final class UpdateServiceReliability implements Processor<String, ServiceIncident, String, ServiceReliability> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String headerStoreName;
    private final String figuresStoreName;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private final long cacheEntries;
    private ProcessorContext<String, ServiceReliability> context;
    private KeyValueStore<String, ServiceLedger> headers;
    private KeyValueStore<String, IncidentFigures> figures;
    private FiguresCache cache;
    private TimeIndex nextChanges;
    private long wallClock = Long.MIN_VALUE;

    /**
     * @param headerStoreName the store of each service's header
     * @param figuresStoreName the store of each service's incidents' figures
     * @param streamTimeInterval how often (stream time) due services are re-published
     * @param wallClockInterval how often (wall-clock time) due services are re-published
     * @param cacheEntries how many incidents' figures, over all services, the in-memory cache holds
     */
    UpdateServiceReliability(
            final String headerStoreName,
            final String figuresStoreName,
            final Duration streamTimeInterval,
            final Duration wallClockInterval,
            final long cacheEntries) {
        this.headerStoreName = headerStoreName;
        this.figuresStoreName = figuresStoreName;
        this.streamTimeInterval = streamTimeInterval;
        this.wallClockInterval = wallClockInterval;
        this.cacheEntries = cacheEntries;
    }

    @Override
    public void init(final ProcessorContext<String, ServiceReliability> context) {
        this.context = context;
        this.headers = context.getStateStore(headerStoreName);
        this.figures = context.getStateStore(figuresStoreName);
        this.cache = new FiguresCache(cacheEntries);
        this.nextChanges = new TimeIndex();
        try (KeyValueIterator<String, ServiceLedger> all = headers.all()) {
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
        final ServiceIncident incident = record.value();
        if (incident == null) {
            return;
        }
        final String key = record.key();
        final IncidentFigures update = incident.getFigures();
        final String figuresKey = ServiceLedgers.figuresKey(key, update.getIncidentId());
        if (incident.getMember()) {
            figures.put(figuresKey, update);
            cache.put(key, update, this::load);
        } else if (cache.remove(key, update.getIncidentId(), this::load)) {
            figures.delete(figuresKey);
        }
        final ServiceLedger stored = headers.get(key);
        publish(key, stored, ServiceLedgers.header(stored, incident), now(), record.timestamp());
    }

    private long now() {
        return Math.max(context.currentStreamTimeMs(), wallClock);
    }

    private Map<String, IncidentFigures> load(final String key) {
        final Map<String, IncidentFigures> loaded = new HashMap<>();
        try (KeyValueIterator<String, IncidentFigures> entries =
                figures.prefixScan(ServiceLedgers.figuresPrefix(key), KEYS)) {
            while (entries.hasNext()) {
                final IncidentFigures f = entries.next().value;
                loaded.put(f.getIncidentId(), f);
            }
        }
        return loaded;
    }

    /** Computes and forwards the service's figures; writes its header only when the name or next change moved. */
    private void publish(
            final String key,
            final ServiceLedger stored,
            final ServiceLedger header,
            final long now,
            final long timestamp) {
        final Collection<IncidentFigures> incidents = cache.get(key, this::load);
        final Collection<Figures> domain = cache.domain(key, this::load);
        final Reliability reliability = Reliability.compute(domain, now);
        final Long next = Reliability.nextChange(domain, now);
        final ServiceLedger updated = Objects.equals(next, header.getNextChangeTime())
                ? header
                : new ServiceLedger(
                        header.getProvider(),
                        header.getComponentId(),
                        header.getServiceName(),
                        header.getNameTime(),
                        next);
        if (!updated.equals(stored)) {
            headers.put(key, updated);
        }
        nextChanges.put(key, next);
        context.forward(new Record<>(key, ServiceLedgers.toAvro(updated, incidents, reliability, now), timestamp));
    }

    private void advance(final long ignoredTime) {
        final long now = now();
        for (final String key : nextChanges.atOrBefore(now)) {
            final ServiceLedger header = headers.get(key);
            final Long next = header == null ? null : header.getNextChangeTime();
            if (next == null || next > now) {
                nextChanges.put(key, next); // the store is the truth; never seen, but cheap to heal
                continue;
            }
            publish(key, header, header, now, now);
        }
    }
}
