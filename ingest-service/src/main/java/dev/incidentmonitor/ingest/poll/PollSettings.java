package dev.incidentmonitor.ingest.poll;

/**
 * How often {@link PagePoller} reads the endpoints other than the summary, in polls ({@code 10} = every 10th poll,
 * the first poll included; {@code 0} = only when needed). The summary ({@code summary.json}, incident.io
 * {@code /proxy/<host>}) is read on every poll.
 *
 * @param incidentsEvery Statuspage {@code incidents.json} (50 newest): catches edits and back-dated updates of
 *     recent incidents; also read whenever an incident left the summary without a visible resolution
 * @param scheduledMaintenancesEvery Statuspage {@code scheduled-maintenances.json}; also read when a maintenance
 *     left the summary
 * @param componentsEvery Statuspage {@code components.json} ({@code 0}: never; the summary lists every component)
 * @param proxyIncidentsEvery incident.io {@code /proxy/<host>/incidents} (about 0.5 MB for OpenAI, hence not every
 *     poll); also read when an incident left {@code /proxy/<host>}'s ongoing list
 */
public record PollSettings(
        int incidentsEvery, int scheduledMaintenancesEvery, int componentsEvery, int proxyIncidentsEvery) {

    public PollSettings {
        requireCadence(incidentsEvery, "incidentsEvery");
        requireCadence(scheduledMaintenancesEvery, "scheduledMaintenancesEvery");
        requireCadence(componentsEvery, "componentsEvery");
        requireCadence(proxyIncidentsEvery, "proxyIncidentsEvery");
    }

    /** incidents and maintenances every 10th poll, no {@code components.json}, {@code /proxy} incidents every 10th. */
    public static PollSettings defaults() {
        return new PollSettings(10, 10, 0, 10);
    }

    private static void requireCadence(int every, String name) {
        if (every < 0) {
            throw new IllegalArgumentException(name + " must be 0 (only when needed) or a number of polls: " + every);
        }
    }
}
