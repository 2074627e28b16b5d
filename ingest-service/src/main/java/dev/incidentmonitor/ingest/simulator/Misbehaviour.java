package dev.incidentmonitor.ingest.simulator;

/**
 * Ways a page can fail, for testing that the ingest-service reports source-health problems (SPEC.md "Sources
 * and what is not an outage") instead of outages. Set with {@link StatusPageSimulator#misbehave} or
 * {@code POST /pages/<id>/_misbehave?kind=<config name>&count=<n>}.
 */
public enum Misbehaviour {
    /** {@code 500} with a small HTML error page. */
    SERVER_ERROR("server-error"),
    /** {@code 401} with {@code {"error":"Page inactive"}}, as a page whose subscription lapsed. */
    PAGE_INACTIVE("page-inactive"),
    /**
     * No answer: the connection is held open without a response for the simulator's hold time (default 30 s)
     * and then closed. No server thread waits meanwhile.
     */
    TIMEOUT("timeout"),
    /** {@code 200 application/json} whose body is cut off mid-object. */
    INVALID_JSON("invalid-json"),
    /** {@code 200 text/html}: a captive portal or CDN challenge page instead of JSON. */
    HTML("html");

    private final String configName;

    Misbehaviour(String configName) {
        this.configName = configName;
    }

    /** The spelling used by the HTTP hook and the CLI. */
    public String configName() {
        return configName;
    }

    /**
     * Reads the hook spelling ({@code server-error}, ...) or the constant name, ignoring case.
     *
     * @throws IllegalArgumentException when the text names no misbehaviour
     */
    public static Misbehaviour fromConfigName(String text) {
        for (Misbehaviour m : values()) {
            if (m.configName.equalsIgnoreCase(text.strip()) || m.name().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + text
                + "' is not a misbehaviour (use server-error, page-inactive, timeout, invalid-json or html)");
    }
}
