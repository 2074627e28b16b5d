package dev.incidentmonitor.ingest.simulator;

import dev.incidentmonitor.ingest.catalog.Platform;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The bodies a simulated page serves, with the path below {@code /pages/<pageId>} that reaches each. */
enum PageEndpoint {
    SUMMARY("/api/v2/summary.json"),
    COMPONENTS("/api/v2/components.json"),
    INCIDENTS("/api/v2/incidents.json"),
    UNRESOLVED("/api/v2/incidents/unresolved.json"),
    SCHEDULED_MAINTENANCES("/api/v2/scheduled-maintenances.json"),
    /** incident.io {@code /proxy/<host>}: {@code {"summary": {...}}}. */
    PROXY_SUMMARY("/proxy"),
    /** incident.io {@code /proxy/<host>/incidents}. */
    PROXY_INCIDENTS("/proxy/incidents");

    private static final Set<PageEndpoint> STATUSPAGE =
            Set.of(SUMMARY, COMPONENTS, INCIDENTS, UNRESOLVED, SCHEDULED_MAINTENANCES);
    /** The shim 404s on unresolved and scheduled-maintenances (FORMAT.md §6), so the simulator does too. */
    private static final Set<PageEndpoint> INCIDENTIO =
            Set.of(PROXY_SUMMARY, PROXY_INCIDENTS, SUMMARY, COMPONENTS, INCIDENTS);

    private final String scenarioKey;

    PageEndpoint(String scenarioKey) {
        this.scenarioKey = scenarioKey;
    }

    /**
     * How a scenario file names the endpoint: the Statuspage path, or {@code /proxy} and {@code /proxy/incidents}
     * (the host segment is left out, since the simulator answers any).
     */
    String scenarioKey() {
        return scenarioKey;
    }

    /** Whether a page of {@code platform} serves it. */
    boolean servedBy(Platform platform) {
        return (platform == Platform.STATUSPAGE ? STATUSPAGE : INCIDENTIO).contains(this);
    }

    /** Whether a request for it counts as a request of the page's summary (replay {@code after-requests}). */
    boolean isSummary() {
        return this == SUMMARY || this == PROXY_SUMMARY;
    }

    static Optional<PageEndpoint> fromScenarioKey(String key) {
        return Arrays.stream(values()).filter(e -> e.scenarioKey.equals(key)).findFirst();
    }

    /**
     * The endpoint a request path below {@code /pages/<pageId>} names: a Statuspage path, {@code /proxy/<host>}
     * or {@code /proxy/<host>/incidents} with any single non-empty host segment.
     */
    static Optional<PageEndpoint> fromRequestPath(String rest) {
        if (rest.startsWith("/proxy/")) {
            String tail = rest.substring("/proxy/".length());
            int slash = tail.indexOf('/');
            if (slash < 0) {
                return tail.isEmpty() ? Optional.empty() : Optional.of(PROXY_SUMMARY);
            }
            if (slash > 0 && tail.substring(slash).equals("/incidents")) {
                return Optional.of(PROXY_INCIDENTS);
            }
            return Optional.empty();
        }
        if (rest.equals("/proxy")) {
            return Optional.empty();
        }
        return fromScenarioKey(rest);
    }
}
