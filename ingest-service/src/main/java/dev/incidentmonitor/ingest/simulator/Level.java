package dev.incidentmonitor.ingest.simulator;

import dev.incidentmonitor.ingest.catalog.Platform;

/** A component's status on a generated page, ordered from best to worst (the worst hold wins). */
enum Level {
    OPERATIONAL("operational", "operational"),
    UNDER_MAINTENANCE("under_maintenance", "under_maintenance"),
    DEGRADED_PERFORMANCE("degraded_performance", "degraded_performance"),
    PARTIAL_OUTAGE("partial_outage", "partial_outage"),
    /** incident.io says {@code full_outage} in {@code /proxy} (FORMAT.md §5); its shim uses Statuspage words. */
    MAJOR_OUTAGE("major_outage", "full_outage");

    private final String statuspageWord;
    private final String proxyWord;

    Level(String statuspageWord, String proxyWord) {
        this.statuspageWord = statuspageWord;
        this.proxyWord = proxyWord;
    }

    /** The word in Statuspage v2 bodies (Atlassian and the incident.io shim). */
    String statuspageWord() {
        return statuspageWord;
    }

    /** The word in incident.io {@code /proxy} bodies. */
    String proxyWord() {
        return proxyWord;
    }

    String word(Platform platform, boolean proxy) {
        return platform == Platform.INCIDENTIO && proxy ? proxyWord : statuspageWord;
    }

    static Level worst(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** One step better, as components recover while an incident is monitored. */
    Level recovering() {
        return switch (this) {
            case MAJOR_OUTAGE -> PARTIAL_OUTAGE;
            case PARTIAL_OUTAGE -> DEGRADED_PERFORMANCE;
            default -> OPERATIONAL;
        };
    }
}
