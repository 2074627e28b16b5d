package dev.incidentmonitor.ingest.poll;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one request of a poll, or a whole poll, did not give a usable answer. It describes the <em>status page</em>
 * as a source of data, never the provider's service: a 503 from the page, a 401 "page inactive", a timeout or a
 * body that does not parse are source-health problems, never outages (SPEC "Sources and what is not an outage").
 *
 * @param kind what went wrong, one value per alertable cause (it is the {@code outcome} label of
 *     {@code incident_monitor_polls_total}, lowercased)
 * @param message one line for logs and dashboards, naming the URL, e.g. {@code HTTP 503 from
 *     https://status.example.com/api/v2/summary.json}
 * @param url the URL requested (the endpoint, not a redirect target)
 * @param httpStatus the HTTP status when there was a response, else 0
 * @param retryAfter how long the page asked us to wait ({@code Retry-After} on a 429 or 503), if it did
 */
public record SourceHealth(Kind kind, String message, URI url, int httpStatus, Optional<Duration> retryAfter) {

    /** The causes the poller tells apart. */
    public enum Kind {
        /** A 4xx other than 429, e.g. 401 "page inactive" or 404 (an endpoint the page does not serve). */
        HTTP_4XX,
        /** A 5xx: the page (or its CDN) is failing. */
        HTTP_5XX,
        /** 429 Too Many Requests. */
        RATE_LIMITED,
        /** Connected, but no complete answer in time (headers or body). */
        TIMEOUT,
        /** Could not connect: refused, host not found, connect timeout, TLS handshake failure. */
        CONNECT_FAILED,
        /** The connection broke during the exchange (reset, closed before a complete response). */
        IO_ERROR,
        /** The body exceeded the configured cap (before or after gzip decompression). */
        TOO_LARGE,
        /** A 2xx whose {@code Content-Type} does not say JSON, typically an HTML error page. */
        NOT_JSON,
        /** A JSON-typed body that is not a JSON object at all (or gzip that does not decompress). */
        INVALID_JSON,
        /** Valid JSON the parser cannot read: a required field missing or of the wrong type. */
        FORMAT,
        /** A redirect the fetcher refused: to another origin, without a usable target, or too many hops. */
        REDIRECT_REFUSED,
        /** A status the fetcher has no meaning for (1xx, 3xx without {@code Location}, 304 to a plain GET). */
        UNEXPECTED_STATUS,
        /** A bug on our side while polling (an exception the poller did not expect); the stack trace is logged. */
        INTERNAL_ERROR;

        /** The label value used in metrics: the name in lowercase ({@code http_5xx}, {@code timeout}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SourceHealth {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (httpStatus < 0) {
            throw new IllegalArgumentException("httpStatus must be 0 (none) or an HTTP status: " + httpStatus);
        }
    }

    /** A problem without a {@code Retry-After}. */
    public SourceHealth(Kind kind, String message, URI url, int httpStatus) {
        this(kind, message, url, httpStatus, Optional.empty());
    }
}
