package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The incidents' figures of the services a task used lately, in memory, so that computing a service's windows reads
 * no store and deserialises nothing: a service's figures are loaded from {@code service-figures-store} (one prefix
 * scan) the first time they are needed, kept while they are among the most recently used, and dropped, least
 * recently used first, when the cache holds more than {@code maxEntries} incidents in all (a {@link
 * WeightedLruCache} weighing each service by its incidents).
 *
 * <p>Why: reading a service's whole history from the store for every incident update was most of the cost of the
 * reliability processor. Every put and delete goes to the store and to the cache alike.
 */
final class FiguresCache {

    private final WeightedLruCache<Service> services;

    /** One service's figures, as stored and as the domain maths takes them. */
    private static final class Service {
        final Map<String, IncidentFigures> stored;
        final Map<String, Figures> domain;

        Service(final Map<String, IncidentFigures> loaded) {
            stored = new HashMap<>(loaded);
            domain = new HashMap<>();
            loaded.forEach((id, f) -> domain.put(id, ServiceLedgers.figures(f)));
        }
    }

    /** A cache of at most {@code maxEntries} incidents' figures (one service's are kept even when it has more). */
    FiguresCache(final long maxEntries) {
        this.services = new WeightedLruCache<>(maxEntries, service -> service.stored.size());
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
        final Service service = load(serviceKey, loader);
        service.stored.put(figures.getIncidentId(), figures);
        if (service.domain.put(figures.getIncidentId(), ServiceLedgers.figures(figures)) == null) {
            services.reweigh(serviceKey);
        }
    }

    /** Removes an incident from the cached service; true when it was there. */
    boolean remove(
            final String serviceKey,
            final String incidentId,
            final Function<String, Map<String, IncidentFigures>> loader) {
        final Service service = load(serviceKey, loader);
        service.stored.remove(incidentId);
        if (service.domain.remove(incidentId) != null) {
            services.reweigh(serviceKey);
            return true;
        }
        return false;
    }

    /** How many incidents' figures are cached, over all services. */
    long entries() {
        return services.weight();
    }

    private Service load(final String serviceKey, final Function<String, Map<String, IncidentFigures>> loader) {
        return services.get(serviceKey, key -> new Service(loader.apply(key)));
    }
}
