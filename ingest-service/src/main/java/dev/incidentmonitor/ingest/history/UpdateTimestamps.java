package dev.incidentmonitor.ingest.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the study's update timestamps, free text ending in {@code Mon DD, YYYY - HH:MM PST|PDT} such as
 * {@code "Posted 1 year ago. May 03, 2023 - 12:41 PDT"}: a local time of the page's zone to the minute, with the
 * zone abbreviation the page printed.
 *
 * <p>The abbreviation picks the offset: in the hour that repeats when summer time ends (01:00 to 01:59 on the
 * first Sunday of November), {@code PDT} is the first pass and {@code PST} the second. When the abbreviation
 * disagrees with the zone's rules (a {@code PST} in July, a time in the skipped spring-forward hour), the
 * abbreviation's fixed offset is still used, since it names one instant without ambiguity, and a warning says so.
 */
final class UpdateTimestamps {

    /** A parsed time, and a warning when the abbreviation disagreed with the zone's rules. */
    record Parsed(Instant instant, String warning) {}

    /** Unicode whitespace, so that a non-breaking space copied from the page's HTML still matches. */
    private static final Pattern TRAILER = Pattern.compile(
            "\\b([A-Za-z]{3})\\s+(\\d{1,2}),\\s*(\\d{4})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s+([A-Za-z]{3})\\s*$",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private static final Map<String, ZoneOffset> ABBREVIATIONS =
            Map.of("PST", ZoneOffset.ofHours(-8), "PDT", ZoneOffset.ofHours(-7));

    private final ZoneId zone;
    private final ZoneRules rules;

    UpdateTimestamps(final ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /**
     * Parses the trailing time of {@code text}.
     *
     * @throws IllegalArgumentException when the text does not end in a time of the expected form
     */
    Parsed parse(final String text) {
        final Matcher m = TRAILER.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'Mon DD, YYYY - HH:MM PST|PDT' at the end of " + quote(text));
        }
        final int month = MONTHS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) + 1;
        final ZoneOffset offset = ABBREVIATIONS.get(m.group(6).toUpperCase(Locale.ROOT));
        if (month == 0 || offset == null) {
            throw new IllegalArgumentException("unknown month or zone abbreviation in " + quote(text));
        }
        final LocalDateTime local;
        try {
            local = LocalDateTime.of(
                    Integer.parseInt(m.group(3)),
                    month,
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date or time in " + quote(text) + ": " + e.getMessage(), e);
        }
        final List<ZoneOffset> valid = rules.getValidOffsets(local);
        final Instant instant = local.toInstant(offset);
        if (valid.contains(offset)) {
            return new Parsed(instant, null);
        }
        final String why = valid.isEmpty()
                ? local + " does not exist in " + zone + " (skipped when summer time starts)"
                : local + " in " + zone + " is " + valid.get(0) + ", not " + m.group(6);
        return new Parsed(
                instant, why + "; used the offset of " + m.group(6) + " (" + offset + ") from " + quote(text));
    }

    private static String quote(final String text) {
        return text == null ? "null" : "'" + text + "'";
    }
}
