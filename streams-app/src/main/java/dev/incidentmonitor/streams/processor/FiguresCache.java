package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The incidents of the providers a task used lately, in memory, so that computing a service's windows reads no store
 * and deserialises nothing: a provider's incidents are loaded from {@code incident-figures-store} (one prefix scan)
 * the first time they are needed, kept while they are among the most recently used, and dropped, least recently used
 * first, when the cache holds more than {@code maxEntries} incidents in all (a {@link WeightedLruCache} weighing each
 * provider by its incidents).
 *
 * <p>Each provider's incidents are also indexed by the services they affect (and the provider scope), as the domain
 * maths takes them, so that one service's windows need only its own incidents. Why: reading a service's whole history
 * from the store for every incident update was most of the cost of the reliability processor. Every put goes to the
 * store and to the cache alike.
 */
final class FiguresCache {

    private final WeightedLruCache<Provider> providers;

    /**
     * One provider's incidents as stored, and each of its services' incidents as the domain maths takes them, keyed by
     * {@link ServiceKeys#scope} (the provider is implied, so no key is built per lookup).
     */
    private static final class Provider {
        final Map<String, ProviderIncident> incidents = new HashMap<>();
        final Map<String, Map<String, Figures>> byService = new HashMap<>();
        /** Each service's newest name: the member entry with the latest name time, else any entry naming it. */
        final Map<String, ServiceMember> names = new HashMap<>();

        Provider(final Map<String, ProviderIncident> loaded) {
            loaded.values().forEach(this::put);
        }

        /** Puts {@code incident}, replacing what the same incident said before; true when it is new. */
        boolean put(final ProviderIncident incident) {
            final String id = incident.getFigures().getIncidentId();
            final ProviderIncident old = incidents.put(id, incident);
            if (old != null) {
                for (final ServiceMember service : old.getServices()) {
                    final Map<String, Figures> of = byService.get(ServiceKeys.scope(service.getComponentId()));
                    if (of != null) {
                        of.remove(id);
                    }
                }
            }
            final Figures domain = ServiceLedgers.figures(incident.getFigures());
            for (final ServiceMember service : incident.getServices()) {
                final String key = ServiceKeys.scope(service.getComponentId());
                final ServiceMember name = names.get(key);
                if (name == null || ServiceLedgers.namesNewer(service, name.getMember(), name.getNameTime())) {
                    names.put(key, service);
                }
                if (service.getMember()) {
                    byService.computeIfAbsent(key, k -> new HashMap<>()).put(id, domain);
                }
            }
            return old == null;
        }
    }

    /** A cache of at most {@code maxEntries} incidents (one provider's are kept even when it has more). */
    FiguresCache(final long maxEntries) {
        this.providers = new WeightedLruCache<>(maxEntries, provider -> provider.incidents.size());
    }

    /**
     * The figures of every incident of {@code provider}, as stored, read-only; {@code loader} reads the provider's
     * incidents from the store when they are not cached.
     */
    Collection<IncidentFigures> figures(
            final String provider, final Function<String, Map<String, ProviderIncident>> loader) {
        final Collection<ProviderIncident> incidents =
                load(provider, loader).incidents.values();
        final List<IncidentFigures> figures = new ArrayList<>(incidents.size());
        incidents.forEach(incident -> figures.add(incident.getFigures()));
        return Collections.unmodifiableList(figures);
    }

    /**
     * The figures of the incidents that affect a service of {@code provider}: the component {@code componentId}, or
     * the provider scope when it is null.
     */
    Collection<Figures> domain(
            final String provider,
            final String componentId,
            final Function<String, Map<String, ProviderIncident>> loader) {
        final Map<String, Figures> of = load(provider, loader).byService.get(ServiceKeys.scope(componentId));
        return of == null ? Collections.emptyList() : Collections.unmodifiableCollection(of.values());
    }

    /**
     * The newest name the cached incidents give a service of {@code provider} (as in {@link #domain}), with its name
     * time: the member entry with the latest name time, else an entry that removed the service; null when no cached
     * incident names it.
     */
    ServiceMember name(
            final String provider,
            final String componentId,
            final Function<String, Map<String, ProviderIncident>> loader) {
        return load(provider, loader).names.get(ServiceKeys.scope(componentId));
    }

    /** Puts {@code incident} into its cached provider, loading the provider first when it is not cached. */
    void put(final ProviderIncident incident, final Function<String, Map<String, ProviderIncident>> loader) {
        if (load(incident.getProvider(), loader).put(incident)) {
            providers.reweigh(incident.getProvider());
        }
    }

    /** How many incidents are cached, over all providers. */
    long entries() {
        return providers.weight();
    }

    private Provider load(final String provider, final Function<String, Map<String, ProviderIncident>> loader) {
        return providers.get(provider, key -> new Provider(loader.apply(key)));
    }
}
