package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.schema.ReliabilityScope;
import dev.incidentmonitor.schema.ReliabilityWindow;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.schema.WindowReliability;
import java.util.Objects;

/**
 * The all-time figures of one service (or of one provider) in a {@link DatasetReport}: one row of the report.
 *
 * <p>Each figure is a {@link Statistic} in milliseconds as published on {@code service-reliability}; the renderers
 * convert units through {@link ReportColumns}, so a new column (availability, say) is a new component here and one
 * new entry there.
 *
 * @param provider provider id, e.g. {@code openai}
 * @param componentId the service's component id; null for a provider row
 * @param service display name as on the page (the provider id for a provider row)
 * @param incidents counted incidents (out-of-order ones and maintenances left out)
 * @param investigating P_I
 * @param repairing P_R
 * @param checking P_C
 * @param learning P_L
 * @param timeToResolve TTR: MTTR and its median
 * @param timeBetweenFailures gaps between consecutive starts: MTBF and its median
 */
public record ServiceReport(
        String provider,
        String componentId,
        String service,
        int incidents,
        Statistic investigating,
        Statistic repairing,
        Statistic checking,
        Statistic learning,
        Statistic timeToResolve,
        Statistic timeBetweenFailures) {

    public ServiceReport {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(investigating, "investigating");
        Objects.requireNonNull(repairing, "repairing");
        Objects.requireNonNull(checking, "checking");
        Objects.requireNonNull(learning, "learning");
        Objects.requireNonNull(timeToResolve, "timeToResolve");
        Objects.requireNonNull(timeBetweenFailures, "timeBetweenFailures");
    }

    /** Whether this is a provider row (every incident of the provider, each counted once). */
    public boolean providerScope() {
        return componentId == null;
    }

    /**
     * The all-time figures of a published record.
     *
     * @throws IllegalArgumentException when the record has no {@code ALL_TIME} window
     */
    public static ServiceReport allTime(final ServiceReliability reliability) {
        final WindowReliability w = reliability.getWindows().stream()
                .filter(window -> window.getWindow() == ReliabilityWindow.ALL_TIME)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ALL_TIME window in the reliability of "
                        + reliability.getProvider() + ":" + reliability.getComponentId()));
        return new ServiceReport(
                reliability.getProvider(),
                reliability.getScope() == ReliabilityScope.PROVIDER ? null : reliability.getComponentId(),
                reliability.getServiceName(),
                w.getIncidents(),
                new Statistic(w.getInvestigatingMeanMs(), null, w.getInvestigatingSamples()),
                new Statistic(w.getRepairingMeanMs(), null, w.getRepairingSamples()),
                new Statistic(w.getCheckingMeanMs(), null, w.getCheckingSamples()),
                new Statistic(w.getLearningMeanMs(), null, w.getLearningSamples()),
                new Statistic(w.getMttrMeanMs(), w.getMttrMedianMs(), w.getMttrSamples()),
                new Statistic(w.getMtbfMeanMs(), w.getMtbfMedianMs(), w.getMtbfSamples()));
    }
}
