package dev.incidentmonitor.ingest.catalog;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * One status page to poll, as the catalogue describes it.
 *
 * <p>The constructor enforces the same rules as the catalogue file, so a provider built in code (a test, the
 * simulator) cannot carry an http URL to a remote host or a poll interval that would hammer a page.
 *
 * @param id stable lowercase id ({@code [a-z0-9-]+}); it is the provider part of every service key, so it must
 *     never change once data has been published under it
 * @param name display name
 * @param platform the page's software, which decides how it is read
 * @param baseUrl the page's root ({@code https://host}, no trailing slash; a path only on loopback hosts, where the
 *     simulator serves many pages from one port); http only for loopback hosts
 * @param pollInterval time between polls, at least {@link #MIN_POLL_INTERVAL}
 * @param timeZoneOverride the time zone days are cut in, when the page's own must be overridden
 * @param partialOutageWeight share of a partial-outage minute counted as down (0..1): 0.3 on Statuspage pages,
 *     1.0 on incident.io pages, which count partial outage as fully down
 * @param components which components become services, and their display names
 * @param enabled whether the provider is polled; a disabled provider stays in the catalogue for reference
 */
public record Provider(
        String id,
        String name,
        Platform platform,
        URI baseUrl,
        Duration pollInterval,
        Optional<ZoneId> timeZoneOverride,
        double partialOutageWeight,
        ComponentFilter components,
        boolean enabled) {

    /** Polling a status page faster than this gains nothing and invites rate limiting. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(5);

    /** The poll interval when neither the provider nor the catalogue's {@code defaults:} set one. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

    /** Statuspage's own weighting of partial outage, the default unless a provider or {@code defaults:} says. */
    public static final double DEFAULT_PARTIAL_OUTAGE_WEIGHT = 0.3;

    /**
     * The time zone used when neither the catalogue nor the page names one: the ICPE'25 study read its pages in
     * America/Los_Angeles, so results stay comparable with it.
     */
    public static final ZoneId FALLBACK_TIME_ZONE = ZoneId.of("America/Los_Angeles");

    public Provider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(timeZoneOverride, "timeZoneOverride");
        Objects.requireNonNull(components, "components");
        ConfigValues.id(id);
        name = ConfigValues.name(name);
        baseUrl = ConfigValues.baseUrl(baseUrl, baseUrl.toString());
        ConfigValues.pollInterval(pollInterval, Durations.format(pollInterval));
        ConfigValues.weight(partialOutageWeight);
    }

    /**
     * The time zone to cut this provider's days in: the catalogue's override, else the page's own, else {@link
     * #FALLBACK_TIME_ZONE}.
     *
     * @param pageTimeZone the zone the page reports (Statuspage {@code page.time_zone}), or {@code null}
     */
    public ZoneId effectiveTimeZone(ZoneId pageTimeZone) {
        if (timeZoneOverride.isPresent()) {
            return timeZoneOverride.get();
        }
        return pageTimeZone != null ? pageTimeZone : FALLBACK_TIME_ZONE;
    }

    /**
     * An endpoint of this page, e.g. {@code endpoint("/api/v2/summary.json")}.
     *
     * @param path absolute path on the page's host, starting with {@code /}
     */
    public URI endpoint(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        return URI.create(baseUrl + path);
    }
}
