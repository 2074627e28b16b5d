package dev.incidentmonitor.ingest.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value rules of the catalogue, shared by the file reader (which adds the file position and field path to
 * the message) and by the records' constructors (so a {@link Provider} built in code obeys the same rules).
 * Every check throws {@link IllegalArgumentException} with a message that names the offending value and says
 * what would be accepted.
 */
final class ConfigValues {
    static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final String URL_EXAMPLE = "e.g. https://status.example.com";

    private ConfigValues() {}

    static String id(String text) {
        if (!ID.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    quote(text) + " is not a valid id (use lowercase letters, digits and '-', e.g. openai)");
        }
        return text;
    }

    static String name(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text.strip();
    }

    static URI baseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(quote(text) + " is not a URL (" + URL_EXAMPLE + ")", e);
        }
        return baseUrl(uri, text);
    }

    /**
     * Checks a page's base URL and returns it normalised (lowercase scheme and host, no trailing slash), so the
     * poller can append {@code /api/v2/summary.json} without guessing. Plain http is allowed only for loopback
     * hosts: tests and the simulator serve pages on 127.0.0.1, while a real page fetched over http could be
     * altered on the way and would feed forged outages into the numbers.
     */
    static URI baseUrl(URI uri, String original) {
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException(quote(original) + " is not a URL (" + URL_EXAMPLE + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!isLoopbackHost(host)) {
                throw new IllegalArgumentException(quote(original)
                        + " must use https (http is allowed only for loopback hosts such as 127.0.0.1 or localhost)");
            }
        } else if (!scheme.equals("https")) {
            throw new IllegalArgumentException(quote(original) + " must use https (" + URL_EXAMPLE + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(quote(original) + " must not contain a user name or password");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        // A path is refused on real pages (a pasted ".../api/v2" is the usual mistake) but allowed on loopback,
        // where the simulator serves thousands of pages from one port, each under its own path.
        if ((!path.isEmpty() && !isLoopbackHost(host)) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(quote(original)
                    + " must be the page's root, without a path, query or fragment (" + URL_EXAMPLE + ")");
        }
        try {
            return URI.create(new URI(scheme, null, host, uri.getPort(), null, null, null) + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(quote(original) + " is not a URL (" + URL_EXAMPLE + ")", e);
        }
    }

    /**
     * Whether a host names this machine: {@code localhost}, 127.0.0.0/8 or {@code [::1]}. Decided from the text
     * alone, never by a DNS lookup, so a name such as {@code 127.0.0.1.example.com} is not mistaken for loopback.
     */
    static boolean isLoopbackHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost")) {
            return true;
        }
        if (lower.equals("[::1]") || lower.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        Matcher ipv4 = LOOPBACK_IPV4.matcher(lower);
        if (!ipv4.matches()) {
            return false;
        }
        for (int group = 1; group <= 3; group++) {
            if (Integer.parseInt(ipv4.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * An IANA region id such as {@code America/Los_Angeles}. Fixed offsets ({@code +02:00}) are refused: they
     * have no daylight-saving rules, so daily outage minutes would be cut at the wrong local midnight for half
     * the year.
     */
    static ZoneId timeZone(String text) {
        String trimmed = text.strip();
        if (!ZoneId.getAvailableZoneIds().contains(trimmed)) {
            throw new IllegalArgumentException(
                    quote(text) + " is not an IANA time zone (use e.g. America/Los_Angeles or Europe/Paris)");
        }
        return ZoneId.of(trimmed);
    }

    static double weight(String text) {
        String trimmed = text.strip();
        if (!NUMBER.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a number (use a value from 0 to 1, e.g. 0.3)");
        }
        double weight = Double.parseDouble(trimmed);
        if (!inUnitRange(weight)) {
            throw outsideUnitRange(trimmed);
        }
        return weight;
    }

    static double weight(double weight) {
        if (!inUnitRange(weight)) {
            throw outsideUnitRange(Double.toString(weight));
        }
        return weight;
    }

    static Duration pollInterval(Duration interval, String original) {
        if (interval.compareTo(Provider.MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(quote(original) + " is shorter than the minimum of "
                    + Durations.format(Provider.MIN_POLL_INTERVAL)
                    + " (status pages rate-limit frequent pollers)");
        }
        return interval;
    }

    static String quote(String text) {
        return '"' + text + '"';
    }

    private static boolean inUnitRange(double weight) {
        return weight >= 0.0 && weight <= 1.0;
    }

    private static IllegalArgumentException outsideUnitRange(String shown) {
        return new IllegalArgumentException(
                shown + " is outside 0..1 (0.3 counts a partial-outage minute as 0.3 of a major one, 1 as fully down)");
    }
}
