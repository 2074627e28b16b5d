package dev.incidentmonitor.streams.domain;

import java.util.Objects;

/**
 * What one incident contributes to the reliability of a service (or of its provider). Times are epoch
 * milliseconds, durations milliseconds; null where SPEC.md leaves a figure undefined.
 *
 * @param incidentId the incident
 * @param counted whether it counts at all (not a maintenance, not out of order, started)
 * @param start min(S1..S4)
 * @param resolved S4
 * @param timeToResolve TTR
 * @param investigating P_I
 * @param repairing P_R
 * @param checking P_C
 * @param learning P_L
 */
public record Figures(
        String incidentId,
        boolean counted,
        Long start,
        Long resolved,
        Long timeToResolve,
        Long investigating,
        Long repairing,
        Long checking,
        Long learning) {

    public Figures {
        Objects.requireNonNull(incidentId, "incidentId");
    }

    /** The figures of an incident with this lifecycle. */
    public static Figures of(final String incidentId, final Lifecycle lifecycle) {
        final Markers m = lifecycle.markers();
        return new Figures(
                incidentId,
                lifecycle.counted(),
                m.start(),
                m.s4(),
                m.timeToResolve(),
                m.investigatingPeriod(),
                m.repairingPeriod(),
                m.checkingPeriod(),
                m.learningPeriod());
    }
}
