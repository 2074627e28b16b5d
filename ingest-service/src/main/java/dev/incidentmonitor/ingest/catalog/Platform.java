package dev.incidentmonitor.ingest.catalog;

import java.util.Locale;

/**
 * The status-page software a provider's page runs on. It decides which endpoints the poller reads and how their
 * answers are mapped: the two platforms look alike from the outside (both answer {@code /api/v2/summary.json}),
 * but incident.io's Statuspage-compatible shim is cut down, so treating an incident.io page as a Statuspage page
 * silently loses component attribution.
 */
public enum Platform {
    /**
     * Atlassian Statuspage: the full v2 public API ({@code summary.json}, {@code components.json}, {@code
     * incidents.json}, ...). Statuspage itself counts a partial outage at 0.3 of a major one.
     */
    STATUSPAGE("statuspage"),
    /**
     * incident.io: a Statuspage-compatible shim (25 components in the summary, no component attribution on
     * incidents, no ETag) plus the page's own JSON under {@code /proxy/<host>}. incident.io counts a partial
     * outage as fully down.
     */
    INCIDENTIO("incidentio");

    private final String configName;

    Platform(String configName) {
        this.configName = configName;
    }

    /** The spelling used in the catalogue file. */
    public String configName() {
        return configName;
    }

    /**
     * Reads the catalogue spelling, ignoring case.
     *
     * @throws IllegalArgumentException with a message fit for the user when the text names no platform
     */
    public static Platform fromConfigName(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (Platform platform : values()) {
            if (platform.configName.equals(wanted)) {
                return platform;
            }
        }
        throw new IllegalArgumentException(
                ConfigValues.quote(text) + " is not a platform (use statuspage or incidentio)");
    }
}
