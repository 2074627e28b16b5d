package dev.incidentmonitor.ingest.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PageFetcher} talks to status pages.
 *
 * @param connectTimeout time allowed to open a connection (TCP and TLS)
 * @param requestTimeout time allowed for one exchange, from sending the request to the last byte of the body
 *     (each redirect hop gets its own)
 * @param userAgent the {@code User-Agent} header: names the project so a page operator who sees our traffic
 *     knows whom to contact
 * @param maxBodyBytes the largest body accepted, after decompression; a larger one is aborted mid-stream and
 *     reported as {@link SourceHealth.Kind#TOO_LARGE} (incident.io's {@code /proxy/<host>/incidents} is about
 *     0.5 MB, so the 5 MiB default leaves room without letting a broken page fill the heap)
 * @param maxRedirects same-origin redirects followed per request; redirects to another origin are never followed
 * @param gzip whether to ask for gzip ({@code Accept-Encoding: gzip}); a gzip body is decompressed with the same
 *     size cap
 * @param httpThreads threads of the HTTP client's executor, which also runs parsing and the poll listener (the
 *     client's own selector thread does the I/O)
 */
public record FetchSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        String userAgent,
        int maxBodyBytes,
        int maxRedirects,
        boolean gzip,
        int httpThreads) {

    /** Where the project lives, named in the default {@code User-Agent}. */
    public static final String PROJECT_URL = "https://github.com/incident-monitor/incident-monitor";

    /** The default cap on a body: 5 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

    public FetchSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        if (userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1: " + maxBodyBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
        }
        if (httpThreads < 1) {
            throw new IllegalArgumentException("httpThreads must be at least 1: " + httpThreads);
        }
    }

    /** 5 s connect, 15 s per request, 5 MiB, 3 same-origin redirects, gzip, two HTTP threads. */
    public static FetchSettings defaults() {
        return new FetchSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(15), defaultUserAgent(), DEFAULT_MAX_BODY_BYTES, 3, true, 2);
    }

    /**
     * {@code incident-monitor/<version> (+<project url>)}; the version is the jar's {@code Implementation-Version}
     * ({@code dev} when run from classes).
     */
    public static String defaultUserAgent() {
        String version = FetchSettings.class.getPackage().getImplementationVersion();
        return "incident-monitor/" + (version == null ? "dev" : version) + " (+" + PROJECT_URL + ")";
    }

    /** These settings with other timeouts. */
    public FetchSettings withTimeouts(Duration connect, Duration request) {
        return new FetchSettings(connect, request, userAgent, maxBodyBytes, maxRedirects, gzip, httpThreads);
    }

    /** These settings with another body cap. */
    public FetchSettings withMaxBodyBytes(int bytes) {
        return new FetchSettings(connectTimeout, requestTimeout, userAgent, bytes, maxRedirects, gzip, httpThreads);
    }

    /** These settings with another {@code User-Agent}. */
    public FetchSettings withUserAgent(String agent) {
        return new FetchSettings(connectTimeout, requestTimeout, agent, maxBodyBytes, maxRedirects, gzip, httpThreads);
    }

    /** These settings with gzip asked for or not. */
    public FetchSettings withGzip(boolean askForGzip) {
        return new FetchSettings(
                connectTimeout, requestTimeout, userAgent, maxBodyBytes, maxRedirects, askForGzip, httpThreads);
    }
}
