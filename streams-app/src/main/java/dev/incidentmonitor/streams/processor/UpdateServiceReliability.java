package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.domain.Reliability;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * when its figures change: at most once per emit interval, as a cached {@code KTable} does.
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
 *
 * <p>Publishing: {@code service-reliability} is a compacted topic of each service's current figures, so a service
 * whose figures changed is marked dirty and published on the next tick of a wall-clock punctuator every {@code
 * emitInterval} (a zero interval publishes at once, for every incident record). Why: a replay or a busy provider
 * changes a service's figures many times a second, and computing and writing each intermediate value was most of
 * the work of the whole topology (about a third of its output records), for values a compacted topic drops. The
 * dirty set is in memory only; what it held when the task stopped (a crash, an aborted transaction, a rebalance) is
 * published again by marking every stored service dirty in {@link #init}, so a committed change of the figures
 * always reaches the topic.
 */
final class UpdateServiceReliability implements Processor<String, ProviderIncident, String, ServiceReliability> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String headerStoreName;
    private final String figuresStoreName;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private final long cacheEntries;
    private final Duration emitInterval;
    /** Services to publish at the next emit tick, with the latest timestamp of what changed them. */
    private final Map<String, Long> dirty = new LinkedHashMap<>();

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
     * @param emitInterval how often (wall-clock time) services whose figures changed are published; zero publishes
     *     each change at once
     */
    UpdateServiceReliability(
            final String headerStoreName,
            final String figuresStoreName,
            final Duration streamTimeInterval,
            final Duration wallClockInterval,
            final long cacheEntries,
            final Duration emitInterval) {
        this.headerStoreName = headerStoreName;
        this.figuresStoreName = figuresStoreName;
        this.streamTimeInterval = streamTimeInterval;
        this.wallClockInterval = wallClockInterval;
        this.cacheEntries = cacheEntries;
        this.emitInterval = emitInterval;
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
                if (coalescing()) {
                    dirty.put(entry.key, Long.MIN_VALUE); // published again: it may have missed its last tick
                }
            }
        }
        if (coalescing()) {
            context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, time -> emitDirty());
        }
        context.schedule(streamTimeInterval, PunctuationType.STREAM_TIME, this::advance);
        context.schedule(wallClockInterval, PunctuationType.WALL_CLOCK_TIME, time -> {
            wallClock = time;
            advance(time);
        });
    }

    @Override
    public void process(final Record<String, ProviderIncident> record) {
        final ProviderIncident incident = record.value();
        if (incident == null) {
            return;
        }
        for (final ServiceMember service : incident.getServices()) {
            apply(incident.getProvider(), service, incident.getFigures(), record.timestamp());
        }
    }

    /** Applies an incident's figures to one service (or the provider scope). */
    private void apply(
            final String provider, final ServiceMember service, final IncidentFigures update, final long timestamp) {
        final String key = ServiceKeys.of(provider, service.getComponentId());
        final String figuresKey = ServiceLedgers.figuresKey(key, update.getIncidentId());
        if (service.getMember()) {
            figures.put(figuresKey, update);
            cache.put(key, update, this::load);
        } else if (cache.remove(key, update.getIncidentId(), this::load)) {
            figures.delete(figuresKey);
        }
        final ServiceLedger stored = headers.get(key);
        final ServiceLedger header = ServiceLedgers.header(stored, provider, service);
        if (!coalescing()) {
            publish(key, stored, header, now(), timestamp);
            return;
        }
        if (!header.equals(stored)) {
            headers.put(key, header);
        }
        dirty.merge(key, timestamp, Math::max);
    }

    private boolean coalescing() {
        return !emitInterval.isZero();
    }

    /** Publishes every dirty service; a service marked by {@link #init} gets "now" as its timestamp. */
    private void emitDirty() {
        final long now = now();
        if (dirty.isEmpty() || now < 0) {
            return; // no time yet to compute windows against; the next tick will have one
        }
        for (final Map.Entry<String, Long> entry : dirty.entrySet()) {
            final ServiceLedger header = headers.get(entry.getKey());
            if (header != null) {
                publish(
                        entry.getKey(),
                        header,
                        header,
                        now,
                        entry.getValue() == Long.MIN_VALUE ? now : entry.getValue());
            }
        }
        dirty.clear();
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
            if (coalescing()) {
                dirty.merge(key, now, Math::max);
                nextChanges.remove(key); // set again when published
            } else {
                publish(key, header, header, now, now);
            }
        }
    }
}
