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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>It runs in the task that owns the provider: every record is one incident's change, for all the services it
 * touches. Two stores: {@code incident-figures-store} holds one entry per provider and incident (its figures and the
 * services it affects), so an incident's change writes one small entry (and changelog record), whatever the history
 * and however many services; {@code service-ledger-store} holds one header per service and provider scope (its name
 * and when its figures next change on their own), written only when one of those changes. A {@link FiguresCache}
 * keeps the incidents of recently used providers in memory, indexed by service, so computing the windows reads no
 * store.
 *
 * <p>Windows end at "now" = max(stream time, wall-clock time of the last wall-clock punctuation). Two punctuators
 * re-publish a service whose windows changed only because time passed (an incident left the last 7 days): one on
 * {@code STREAM_TIME}, so a replay moves windows deterministically, and one on {@code WALL_CLOCK_TIME}, because a
 * quiet service on a quiet partition sees no stream time advance at all, yet its 30-day figures must still move. A
 * {@link TimeIndex} of the headers' next-change times, rebuilt from the store in {@link #init}, lets a punctuation
 * read only the services that are due.
 *
 * <p>Publishing: {@code service-reliability} is a compacted topic of each service's current figures, so a service
 * whose figures changed is marked dirty and published, with its latest figures, one to one and a half {@code
 * emitInterval}s (wall clock, by a hash of its key) after its first unpublished change, by a punctuator that looks
 * every 100 ms (a zero interval publishes at once, for every incident record). So each service is published at most
 * once per interval, and services fall due spread out rather than all together. Why: a replay or a busy provider
 * changes a service's figures many times a second, and computing and writing each intermediate value was most of
 * the work of the whole topology (about a third of its output records), for values a compacted topic drops. The
 * dirty set is in memory only; what it held when the task stopped (a crash, an aborted transaction, a rebalance) is
 * published again by marking every stored service dirty in {@link #init}, so a committed change of the figures
 * always reaches the topic.
 */
final class UpdateServiceReliability implements Processor<String, ProviderIncident, String, ServiceReliability> {

    private static final StringSerializer KEYS = new StringSerializer();
    private static final Duration EMIT_TICK = Duration.ofMillis(100);
    /** Publications are spread over the first {@code 1 / SPREAD_DIVISOR} of the interval after the first. */
    private static final int SPREAD_DIVISOR = 2;

    private final String headerStoreName;
    private final String figuresStoreName;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private final long cacheEntries;
    private final Duration emitInterval;
    /** Services to publish at the next emit tick, by service key. */
    private final Map<String, Pending> dirty = new LinkedHashMap<>();
    /** When each dirty service is due: an emit interval (wall clock) after its first unpublished change. */
    private final TimeIndex due = new TimeIndex();
    /**
     * The services that have a header in the store. A service gets its header with its first incident, before any
     * tick: {@link #init} publishes every stored service again, so a change committed but not yet published is never
     * lost, not even a new service's first.
     */
    private final Set<String> known = new HashSet<>();

    private ProcessorContext<String, ServiceReliability> context;
    private KeyValueStore<String, ServiceLedger> headers;
    private KeyValueStore<String, ProviderIncident> figures;
    private FiguresCache cache;
    private TimeIndex nextChanges;
    private long wallClock = Long.MIN_VALUE;

    /**
     * @param headerStoreName the store of each service's header
     * @param figuresStoreName the store of each provider's incidents' figures and services
     * @param streamTimeInterval how often (stream time) due services are re-published
     * @param wallClockInterval how often (wall-clock time) due services are re-published
     * @param cacheEntries how many incidents, over all providers, the in-memory cache holds
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
        dirty.clear();
        due.clear();
        known.clear();
        try (KeyValueIterator<String, ServiceLedger> all = headers.all()) {
            while (all.hasNext()) {
                final KeyValue<String, ServiceLedger> entry = all.next();
                nextChanges.put(entry.key, entry.value.getNextChangeTime());
                known.add(entry.key);
                if (coalescing()) { // published again: it may have missed its last tick
                    markDirty(entry.key, entry.value.getProvider(), entry.value.getComponentId(), Long.MIN_VALUE);
                }
            }
        }
        if (coalescing()) {
            context.schedule(emitTick(), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
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
        final String provider = incident.getProvider();
        figures.put(ServiceLedgers.figuresKey(provider, incident.getFigures().getIncidentId()), incident);
        cache.put(incident, this::load);
        for (final ServiceMember service : incident.getServices()) {
            final String key = ServiceKeys.of(provider, service.getComponentId());
            if (known.add(key)) {
                headers.put(
                        key,
                        new ServiceLedger(
                                provider,
                                service.getComponentId(),
                                service.getServiceName(),
                                service.getNameTime(),
                                null));
            }
            if (coalescing()) {
                markDirty(key, provider, service.getComponentId(), record.timestamp());
            } else {
                publish(key, provider, service.getComponentId(), now(), record.timestamp());
            }
        }
    }

    private boolean coalescing() {
        return !emitInterval.isZero();
    }

    /** A service to publish at the next emit tick, with the latest timestamp of what changed it. */
    private static final class Pending {
        final String provider;
        final String componentId;
        long timestamp;

        Pending(final String provider, final String componentId, final long timestamp) {
            this.provider = provider;
            this.componentId = componentId;
            this.timestamp = timestamp;
        }
    }

    /**
     * How often the emit punctuator looks for due services: often, so that services fall due spread over the
     * interval as their changes arrive and each tick publishes a few, rather than all at once every interval, when
     * the stream thread would compute thousands of services' windows in one go.
     */
    private Duration emitTick() {
        return emitInterval.compareTo(EMIT_TICK) < 0 ? emitInterval : EMIT_TICK;
    }

    /**
     * Marks a service to publish: due {@link #delay} after now (wall clock) if it was clean, else when it was
     * already due, so a busy service is still published once per interval; {@code Long.MIN_VALUE} as timestamp (a
     * service marked by {@link #init}) makes it due at the next tick.
     */
    private void markDirty(final String key, final String provider, final String componentId, final long timestamp) {
        final Pending pending = dirty.get(key);
        if (pending == null) {
            dirty.put(key, new Pending(provider, componentId, timestamp));
            due.put(key, timestamp == Long.MIN_VALUE ? Long.MIN_VALUE : context.currentSystemTimeMs() + delay(key));
        } else {
            pending.timestamp = Math.max(pending.timestamp, timestamp);
        }
    }

    /**
     * How long after its first unpublished change a service is due: the emit interval plus up to half of it, by a
     * hash of the key. Why: services changed together (every service at start-up, a busy provider's) would otherwise
     * fall due together again every interval, and a tick computing thousands of windows at once held up the
     * {@code incidents} output behind it.
     */
    private long delay(final String key) {
        final long interval = emitInterval.toMillis();
        return interval + Math.floorMod(key.hashCode(), Math.max(1, interval / SPREAD_DIVISOR));
    }

    /** The longest a changed service waits for its publication: {@link #delay} stays below it. */
    static Duration latestPublication(final Duration emitInterval) {
        return emitInterval.plus(emitInterval.dividedBy(SPREAD_DIVISOR));
    }

    /** Publishes the dirty services that are due at wall-clock {@code time}; init's get "now" as timestamp. */
    private void emitDue(final long time) {
        final long now = now();
        if (dirty.isEmpty() || now < 0) {
            return; // no time yet to compute windows against; the next tick will have one
        }
        for (final String key : due.atOrBefore(time)) {
            final Pending pending = dirty.remove(key);
            due.remove(key);
            publish(
                    key,
                    pending.provider,
                    pending.componentId,
                    now,
                    pending.timestamp == Long.MIN_VALUE ? now : pending.timestamp);
        }
    }

    private long now() {
        return Math.max(context.currentStreamTimeMs(), wallClock);
    }

    private Map<String, ProviderIncident> load(final String provider) {
        final Map<String, ProviderIncident> loaded = new HashMap<>();
        try (KeyValueIterator<String, ProviderIncident> entries =
                figures.prefixScan(ServiceLedgers.figuresPrefix(provider), KEYS)) {
            while (entries.hasNext()) {
                final ProviderIncident incident = entries.next().value;
                loaded.put(incident.getFigures().getIncidentId(), incident);
            }
        }
        return loaded;
    }

    /**
     * Computes and forwards the service's figures; writes its header only when the name or next change moved. The
     * name is the newest any of its incidents gives (the stored header keeps it when those incidents are not cached
     * or no longer name the service).
     */
    private void publish(
            final String key, final String provider, final String componentId, final long now, final long timestamp) {
        final ServiceLedger stored = headers.get(key);
        final ServiceMember name = cache.name(provider, componentId, this::load);
        final boolean newerName =
                name != null && (stored == null || ServiceLedgers.namesNewer(name, true, stored.getNameTime()));
        final Collection<IncidentFigures> incidents =
                componentId == null ? cache.figures(provider, this::load) : List.of();
        final Collection<Figures> domain = cache.domain(provider, componentId, this::load);
        final Reliability reliability = Reliability.compute(domain, now);
        final Long next = Reliability.nextChange(domain, now);
        final ServiceLedger header = new ServiceLedger(
                provider,
                componentId,
                newerName ? name.getServiceName() : stored != null ? stored.getServiceName() : provider,
                newerName ? name.getNameTime() : stored != null ? stored.getNameTime() : 0L,
                next);
        if (!header.equals(stored)) {
            headers.put(key, header);
        }
        nextChanges.put(key, next);
        context.forward(new Record<>(key, ServiceLedgers.toAvro(header, incidents, reliability, now), timestamp));
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
                markDirty(key, header.getProvider(), header.getComponentId(), now);
                nextChanges.remove(key); // set again when published
            } else {
                publish(key, header.getProvider(), header.getComponentId(), now, now);
            }
        }
    }
}
