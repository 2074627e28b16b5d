package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The incidents' figures of the services a task used lately, in memory, so that computing a service's windows reads
 * no store and deserialises nothing: a service's figures are loaded from {@code service-figures-store} (one prefix
 * scan) the first time they are needed, kept while they are among the most recently used, and dropped, least
 * recently used first, when the cache holds more than {@code maxEntries} incidents in all.
 *
 * <p>Why: reading a service's whole history from the store for every incident update was most of the cost of the
 * reliability processor. The store stays the truth: every put and delete goes to the store and to the cache alike,
 * and a processor starts a new cache in {@code init()}, so a task that was re-initialised (after a rebalance, a crash
 * or an aborted transaction) reads again what the restored store holds. Not thread-safe, like the processor that
 * owns it.
 */
final class FiguresCache {

    private final long maxEntries;
    private final LinkedHashMap<String, Service> services = new LinkedHashMap<>(16, 0.75f, true);
    private long entries;

    /** A cache of at most {@code maxEntries} incidents' figures (one service's are kept even when it has more). */
    FiguresCache(final long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** One service's figures, as stored and as the domain maths takes them. */
    private static final class Service {
        final Map<String, IncidentFigures> stored;
        final Map<String, Figures> domain;

        Service(final Map<String, IncidentFigures> loaded) {
            stored = new HashMap<>(loaded);
            domain = new HashMap<>();
            loaded.forEach((id, f) -> domain.put(id, ServiceLedgers.figures(f)));
        }

        Figures put(final IncidentFigures figures) {
            stored.put(figures.getIncidentId(), figures);
            return domain.put(figures.getIncidentId(), ServiceLedgers.figures(figures));
        }

        boolean remove(final String incidentId) {
            stored.remove(incidentId);
            return domain.remove(incidentId) != null;
        }
    }

    /**
     * The figures of {@code serviceKey}'s incidents as stored, read-only; {@code loader} reads them from the store
     * when they are not cached.
     */
    Collection<IncidentFigures> get(
            final String serviceKey, final Function<String, Map<String, IncidentFigures>> loader) {
        return Collections.unmodifiableCollection(
                load(serviceKey, loader).stored.values());
    }

    /** The same figures as {@link #get}, as the domain maths takes them. */
    Collection<Figures> domain(final String serviceKey, final Function<String, Map<String, IncidentFigures>> loader) {
        return Collections.unmodifiableCollection(
                load(serviceKey, loader).domain.values());
    }

    /** Puts {@code figures} into the cached service {@code serviceKey}, loading it first when it is not cached. */
    void put(
            final String serviceKey,
            final IncidentFigures figures,
            final Function<String, Map<String, IncidentFigures>> loader) {
        if (load(serviceKey, loader).put(figures) == null) {
            entries++;
            evict(serviceKey);
        }
    }

    /** Removes an incident from the cached service; true when it was there. */
    boolean remove(
            final String serviceKey,
            final String incidentId,
            final Function<String, Map<String, IncidentFigures>> loader) {
        if (load(serviceKey, loader).remove(incidentId)) {
            entries--;
            return true;
        }
        return false;
    }

    /** How many incidents' figures are cached, over all services. */
    long entries() {
        return entries;
    }

    private Service load(final String serviceKey, final Function<String, Map<String, IncidentFigures>> loader) {
        Service service = services.get(serviceKey);
        if (service == null) {
            service = new Service(loader.apply(serviceKey));
            services.put(serviceKey, service);
            entries += service.stored.size();
            evict(serviceKey);
        }
        return service;
    }

    private void evict(final String keep) {
        final Iterator<Map.Entry<String, Service>> eldest = services.entrySet().iterator();
        while (entries > maxEntries && eldest.hasNext()) {
            final Map.Entry<String, Service> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                entries -= entry.getValue().stored.size();
                eldest.remove();
            }
        }
    }
}
