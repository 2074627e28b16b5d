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
import dev.incidentmonitor.streams.internal.ServiceIncident;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Translates between a service's ledger, the {@code domain} reliability maths and {@link ServiceReliability}. */
public final class ServiceLedgers {

    private ServiceLedgers() {}

    /** The ledger after {@code incident}'s figures were put (or, when it is no longer a member, removed). */
    public static ServiceLedger apply(final ServiceLedger previous, final ServiceIncident incident) {
        final List<IncidentFigures> incidents = new ArrayList<>();
        final String id = incident.getFigures().getIncidentId();
        if (previous != null) {
            for (final IncidentFigures f : previous.getIncidents()) {
                if (!f.getIncidentId().equals(id)) {
                    incidents.add(f);
                }
            }
        }
        if (incident.getMember()) {
            incidents.add(incident.getFigures());
            incidents.sort(Comparator.comparing(IncidentFigures::getIncidentId));
        }
        final boolean newerName =
                previous == null || (incident.getMember() && incident.getNameTime() >= previous.getNameTime());
        return ServiceLedger.newBuilder()
                .setProvider(incident.getProvider())
                .setComponentId(incident.getComponentId())
                .setServiceName(newerName ? incident.getServiceName() : previous.getServiceName())
                .setNameTime(newerName ? incident.getNameTime() : previous.getNameTime())
                .setIncidents(incidents)
                .setNextChangeTime(null)
                .build();
    }

    /** How many incidents (not maintenances) affected 0, 1, 2, ... services, each once, in ascending order. */
    public static List<ImpactRangeCount> impactRange(final ServiceLedger ledger) {
        final java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
        for (final IncidentFigures f : ledger.getIncidents()) {
            if (!f.getMaintenance() && f.getAffectedServices() != null) {
                counts.merge(f.getAffectedServices(), 1, Integer::sum);
            }
        }
        final List<ImpactRangeCount> range = new ArrayList<>(counts.size());
        counts.forEach((services, incidents) -> range.add(new ImpactRangeCount(services, incidents)));
        return range;
    }

    /** The domain figures of every incident in the ledger. */
    public static List<Figures> figures(final ServiceLedger ledger) {
        final List<Figures> figures = new ArrayList<>(ledger.getIncidents().size());
        for (final IncidentFigures f : ledger.getIncidents()) {
            figures.add(new Figures(
                    f.getIncidentId(),
                    f.getCounted(),
                    f.getStartTime(),
                    f.getResolvedTime(),
                    f.getTimeToResolveMs(),
                    f.getInvestigatingPeriodMs(),
                    f.getRepairingPeriodMs(),
                    f.getCheckingPeriodMs(),
                    f.getLearningPeriodMs()));
        }
        return figures;
    }

    /** The published reliability of the ledger's service with windows ending at {@code now}. */
    public static ServiceReliability reliability(final ServiceLedger ledger, final long now) {
        return toAvro(ledger, Reliability.compute(figures(ledger), now), now);
    }

    /** {@code reliability} as the published record. */
    public static ServiceReliability toAvro(final ServiceLedger ledger, final Reliability reliability, final long now) {
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
                .setImpactRange(ledger.getComponentId() == null ? impactRange(ledger) : null)
                .build();
    }
}
