package dev.incidentmonitor.ingest.source;

import java.util.Objects;

/**
 * The raw bodies one poll of an incident.io status page fetched; an endpoint that was not fetched, answered an
 * error or timed out is {@code null}. {@code /proxy} is the primary source (component attribution,
 * per-component impacts); the Statuspage-compatible shim is the fallback (see {@link IncidentIoParser}).
 *
 * @param host the page's host, e.g. {@code status.openai.com} (names the endpoints, builds incident links)
 * @param proxySummary body of {@code /proxy/<host>}, or {@code null}
 * @param proxyIncidents body of {@code /proxy/<host>/incidents}, or {@code null}
 * @param shimSummary body of {@code /api/v2/summary.json}, or {@code null}
 * @param shimComponents body of {@code /api/v2/components.json}, or {@code null}
 * @param shimIncidents body of {@code /api/v2/incidents.json}, or {@code null}
 */
public record IncidentIoPoll(
        String host,
        String proxySummary,
        String proxyIncidents,
        String shimSummary,
        String shimComponents,
        String shimIncidents) {
    public IncidentIoPoll {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.contains("/")) {
            throw new IllegalArgumentException("host must be a bare host name, got '" + host + "'");
        }
    }

    /** A poll of the two {@code /proxy} endpoints only. */
    public static IncidentIoPoll ofProxy(String host, String proxySummary, String proxyIncidents) {
        return new IncidentIoPoll(host, proxySummary, proxyIncidents, null, null, null);
    }

    /** A poll of the shim only ({@code /proxy} missing or failed). */
    public static IncidentIoPoll ofShim(String host, String shimSummary, String shimComponents, String shimIncidents) {
        return new IncidentIoPoll(host, null, null, shimSummary, shimComponents, shimIncidents);
    }

    /** True when no endpoint body is present. */
    public boolean isEmpty() {
        return proxySummary == null
                && proxyIncidents == null
                && shimSummary == null
                && shimComponents == null
                && shimIncidents == null;
    }

    /** {@code /proxy/<host>}: the page summary. */
    public String proxySummaryEndpoint() {
        return "/proxy/" + host;
    }

    /** {@code /proxy/<host>/incidents}: the incident history. */
    public String proxyIncidentsEndpoint() {
        return "/proxy/" + host + "/incidents";
    }
}
