package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.ImpactRangeCount;
import dev.incidentmonitor.schema.ReliabilityScope;
import dev.incidentmonitor.schema.ReliabilityWindow;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.schema.WindowReliability;
import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.domain.Reliability;
import dev.incidentmonitor.streams.domain.WindowFigures;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Translates between a service's ledger (its header in {@code service-ledger-store}, its incidents' figures in
 * {@code incident-figures-store}), the {@code domain} reliability maths and {@link ServiceReliability}.
 *
 * <p>An incident's figures are stored under {@code <provider> NUL <incident id>} ({@link EntryKeys}), with the
 * services it affects, so the entries of one provider are exactly the keys that start with {@link #figuresPrefix}.
 */
public final class ServiceLedgers {

    private ServiceLedgers() {}

    /** The key of {@code incidentId}'s figures of {@code provider}. */
    public static String figuresKey(final String provider, final String incidentId) {
        return EntryKeys.of(provider, incidentId);
    }

    /** The prefix every figures key of {@code provider} starts with, and no other. */
    public static String figuresPrefix(final String provider) {
        return EntryKeys.prefix(provider);
    }

    /**
     * Whether {@code candidate} names its service more recently than the name it would replace: a member's name wins
     * over a removal's, and among members the later name time wins (a tie goes to the candidate, the newer record).
     *
     * @param currentIsMember whether the current name came from a member (a stored header counts as one)
     * @param currentTime the current name's name time
     */
    public static boolean namesNewer(
            final ServiceMember candidate, final boolean currentIsMember, final long currentTime) {
        return candidate.getMember() && (!currentIsMember || candidate.getNameTime() >= currentTime);
    }

    /** Whether {@code incident} affects the service {@code componentId} (null: the provider scope, always). */
    public static boolean affects(final ProviderIncident incident, final String componentId) {
        for (final ServiceMember service : incident.getServices()) {
            if (service.getMember() && Objects.equals(service.getComponentId(), componentId)) {
                return true;
            }
        }
        return false;
    }

    /** How many incidents (not maintenances) affected 0, 1, 2, ... services, each once, in ascending order. */
    public static List<ImpactRangeCount> impactRange(final Collection<IncidentFigures> incidents) {
        final TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (final IncidentFigures f : incidents) {
            if (!f.getMaintenance() && f.getAffectedServices() != null) {
                counts.merge(f.getAffectedServices(), 1, Integer::sum);
            }
        }
        final List<ImpactRangeCount> range = new ArrayList<>(counts.size());
        counts.forEach((services, incidentCount) -> range.add(new ImpactRangeCount(services, incidentCount)));
        return range;
    }

    /** The domain figures of {@code incidents}. */
    public static List<Figures> figures(final Collection<IncidentFigures> incidents) {
        final List<Figures> figures = new ArrayList<>(incidents.size());
        for (final IncidentFigures f : incidents) {
            figures.add(figures(f));
        }
        return figures;
    }

    /** The domain figures of one incident. */
    public static Figures figures(final IncidentFigures f) {
        return new Figures(
                f.getIncidentId(),
                f.getCounted(),
                f.getStartTime(),
                f.getResolvedTime(),
                f.getTimeToResolveMs(),
                f.getInvestigatingPeriodMs(),
                f.getRepairingPeriodMs(),
                f.getCheckingPeriodMs(),
                f.getLearningPeriodMs());
    }

    /** {@code reliability} of the service {@code ledger} heads, whose incidents are {@code incidents}, as published. */
    public static ServiceReliability toAvro(
            final ServiceLedger ledger,
            final Collection<IncidentFigures> incidents,
            final Reliability reliability,
            final long now) {
        final List<WindowReliability> windows = new ArrayList<>();
        for (final WindowFigures w : reliability.windows()) {
            windows.add(WindowReliability.newBuilder()
                    .setWindow(ReliabilityWindow.valueOf(w.window().name()))
                    .setIncidents(w.incidents())
                    .setMttrMeanMs(w.timeToResolve().mean())
                    .setMttrMedianMs(w.timeToResolve().median())
                    .setMttrP90Ms(w.timeToResolve().p90())
                    .setMttrSamples(w.timeToResolve().samples())
                    .setMtbfMeanMs(w.timeBetweenFailures().mean())
                    .setMtbfMedianMs(w.timeBetweenFailures().median())
                    .setMtbfSamples(w.timeBetweenFailures().samples())
                    .setInvestigatingMeanMs(w.investigating().mean())
                    .setInvestigatingSamples(w.investigating().samples())
                    .setRepairingMeanMs(w.repairing().mean())
                    .setRepairingSamples(w.repairing().samples())
                    .setCheckingMeanMs(w.checking().mean())
                    .setCheckingSamples(w.checking().samples())
                    .setLearningMeanMs(w.learning().mean())
                    .setLearningSamples(w.learning().samples())
                    .build());
        }
        return ServiceReliability.newBuilder()
                .setProvider(ledger.getProvider())
                .setScope(ledger.getComponentId() == null ? ReliabilityScope.PROVIDER : ReliabilityScope.SERVICE)
                .setComponentId(ledger.getComponentId())
                .setServiceName(ledger.getServiceName())
                .setComputedTime(Instant.ofEpochMilli(now))
                .setLastIncidentStart(
                        reliability.lastStart() == null ? null : Instant.ofEpochMilli(reliability.lastStart()))
                .setWindows(windows)
                .setImpactRange(ledger.getComponentId() == null ? impactRange(incidents) : null)
                .build();
    }
}
