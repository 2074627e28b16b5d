package dev.incidentmonitor.ingest.poll;

import java.net.URI;
import java.util.Objects;

/** What one {@link PageFetcher#fetch} gave: a body, or the reason there is none. */
public sealed interface FetchResult {

    /** The URL asked for (before any redirect). */
    URI url();

    /**
     * A usable body.
     *
     * @param url the URL asked for
     * @param body the body: the new one, or the previous one when the page answered 304 or sent the same bytes
     * @param unchanged true when the body is the previous one (304 Not Modified, or byte-for-byte the same)
     * @param httpStatus the final status (200, 304, ...)
     */
    record Fetched(URI url, CachedBody body, boolean unchanged, int httpStatus) implements FetchResult {
        public Fetched {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * No usable body.
     *
     * @param url the URL asked for
     * @param health why
     */
    record Failed(URI url, SourceHealth health) implements FetchResult {
        public Failed {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(health, "health");
        }
    }
}
