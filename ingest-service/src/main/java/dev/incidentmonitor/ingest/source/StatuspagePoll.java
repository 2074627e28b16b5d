package dev.incidentmonitor.ingest.source;

/**
 * The raw bodies one poll of an Atlassian Statuspage fetched; an endpoint that was not fetched (or failed) is
 * {@code null}. A poll typically holds only {@code summary}, and {@code incidents} when a resolution must be
 * confirmed (see {@link ResolutionCheck}).
 *
 * @param summary body of {@code /api/v2/summary.json}, or {@code null}
 * @param components body of {@code /api/v2/components.json}, or {@code null}
 * @param incidents body of {@code /api/v2/incidents.json}, or {@code null}
 * @param unresolved body of {@code /api/v2/incidents/unresolved.json}, or {@code null}
 * @param scheduledMaintenances body of {@code /api/v2/scheduled-maintenances.json}, or {@code null}
 */
public record StatuspagePoll(
        String summary, String components, String incidents, String unresolved, String scheduledMaintenances) {

    /** A poll that fetched only {@code summary.json}. */
    public static StatuspagePoll ofSummary(String summary) {
        return new StatuspagePoll(summary, null, null, null, null);
    }

    /** The body fetched from {@code endpoint}, or {@code null}. */
    public String body(StatuspageEndpoint endpoint) {
        return switch (endpoint) {
            case SUMMARY -> summary;
            case COMPONENTS -> components;
            case INCIDENTS -> incidents;
            case UNRESOLVED -> unresolved;
            case SCHEDULED_MAINTENANCES -> scheduledMaintenances;
        };
    }

    /** This poll with {@code endpoint}'s body set (or cleared with {@code null}). */
    public StatuspagePoll with(StatuspageEndpoint endpoint, String body) {
        return new StatuspagePoll(
                endpoint == StatuspageEndpoint.SUMMARY ? body : summary,
                endpoint == StatuspageEndpoint.COMPONENTS ? body : components,
                endpoint == StatuspageEndpoint.INCIDENTS ? body : incidents,
                endpoint == StatuspageEndpoint.UNRESOLVED ? body : unresolved,
                endpoint == StatuspageEndpoint.SCHEDULED_MAINTENANCES ? body : scheduledMaintenances);
    }

    /**
     * This poll without {@code endpoint}'s body: lets a poller keep the rest of a poll after one body failed
     * ({@link SourceFormatException#endpoint()} names it, {@link StatuspageEndpoint#fromPath} maps it back).
     */
    public StatuspagePoll without(StatuspageEndpoint endpoint) {
        return with(endpoint, null);
    }

    /** True when no endpoint body is present. */
    public boolean isEmpty() {
        return summary == null
                && components == null
                && incidents == null
                && unresolved == null
                && scheduledMaintenances == null;
    }
}
