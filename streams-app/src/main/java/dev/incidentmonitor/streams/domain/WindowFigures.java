package dev.incidentmonitor.streams.domain;

/**
 * Reliability over one window.
 *
 * @param window the window
 * @param incidents counted incidents that started inside it
 * @param timeToResolve TTR of counted incidents resolved (S4) inside it: MTTR, its median and p90
 * @param timeBetweenFailures gaps between consecutive counted starts whose later start lies inside it: MTBF
 * @param investigating P_I of counted incidents started inside it (mean and samples only, as for the other periods)
 * @param repairing P_R of the same incidents
 * @param checking P_C of the same incidents
 * @param learning P_L of the same incidents
 */
public record WindowFigures(
        Window window,
        int incidents,
        Summary timeToResolve,
        Summary timeBetweenFailures,
        Summary investigating,
        Summary repairing,
        Summary checking,
        Summary learning) {}
