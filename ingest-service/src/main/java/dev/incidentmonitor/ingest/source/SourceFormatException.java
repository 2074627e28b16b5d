package dev.incidentmonitor.ingest.source;

import java.util.Objects;

/**
 * A status-page body that cannot be read: not JSON, or a field the parser cannot do without (an incident
 * without {@code id}, an update without a status or a time) is missing or has the wrong type. It is a source
 * health problem of the page, never an outage of the provider (SPEC "Sources and what is not an outage").
 *
 * <p>Unknown status words do not end up here: they map to {@code UNKNOWN} and add a warning to the snapshot.
 */
public final class SourceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String jsonPath;

    /**
     * @param endpoint the endpoint whose body failed, e.g. {@code /api/v2/incidents.json}
     * @param jsonPath where in the body, e.g. {@code $.incidents[3].id} ({@code $} for the whole body)
     * @param problem what is wrong
     */
    public SourceFormatException(String endpoint, String jsonPath, String problem) {
        this(endpoint, jsonPath, problem, null);
    }

    /**
     * @param endpoint the endpoint whose body failed
     * @param jsonPath where in the body
     * @param problem what is wrong
     * @param cause the underlying parser error, or {@code null}
     */
    public SourceFormatException(String endpoint, String jsonPath, String problem, Throwable cause) {
        super(endpoint + " " + jsonPath + ": " + problem, cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.jsonPath = Objects.requireNonNull(jsonPath, "jsonPath");
    }

    /** The endpoint whose body failed, as named in the message. */
    public String endpoint() {
        return endpoint;
    }

    /** JSON path of the offending value ({@code $} for the whole body). */
    public String jsonPath() {
        return jsonPath;
    }
}
