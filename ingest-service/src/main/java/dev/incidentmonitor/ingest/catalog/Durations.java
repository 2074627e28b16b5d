package dev.incidentmonitor.ingest.catalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration: ISO-8601 ({@code PT30S}, {@code PT2M}) or the short form
 * {@code 30s}, {@code 2m}, {@code 1h}, {@code 1m30s}, {@code 500ms}, {@code 1d}.
 *
 * <p>Both forms are accepted because operators know the short form from other tools while {@link Duration}
 * prints ISO-8601. A bare number is rejected on purpose: {@code 30} could mean seconds or milliseconds, and a
 * poll interval that is off by a factor of a thousand is worse than a start-up error.
 */
public final class Durations {
    /** One {@code <digits><unit>} group of the short form; units must appear from largest to smallest. */
    private static final Pattern SHORT_PART = Pattern.compile("\\G(\\d{1,9})(ms|d|h|m|s)");

    private static final String HINT = " (use e.g. 30s, 2m or PT30S)";

    private Durations() {}

    /**
     * Parses either form.
     *
     * @throws IllegalArgumentException with a message fit for the user, e.g. {@code "fast" is not a duration (use
     *     e.g. 30s, 2m or PT30S)}
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p") || lower.startsWith("-p") || lower.startsWith("+p")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw notADuration(text);
            }
        }
        Matcher matcher = SHORT_PART.matcher(lower);
        Duration total = Duration.ZERO;
        int end = 0;
        int lastRank = Integer.MAX_VALUE;
        while (matcher.find()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2);
            int rank = rank(unit);
            if (rank >= lastRank) {
                throw notADuration(text);
            }
            lastRank = rank;
            total = total.plus(amount(amount, unit));
            end = matcher.end();
        }
        if (end == 0 || end != lower.length()) {
            throw notADuration(text);
        }
        return total;
    }

    /**
     * Formats a duration in the short form ({@code 5s}, {@code 1m30s}, {@code 250ms}), for messages and logs.
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        StringBuilder out = new StringBuilder();
        append(out, duration.toDaysPart(), "d");
        append(out, duration.toHoursPart(), "h");
        append(out, duration.toMinutesPart(), "m");
        append(out, duration.toSecondsPart(), "s");
        append(out, duration.toMillisPart(), "ms");
        if (out.length() == 0) {
            return duration.toString();
        }
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }

    private static int rank(String unit) {
        return switch (unit) {
            case "d" -> 4;
            case "h" -> 3;
            case "m" -> 2;
            case "s" -> 1;
            default -> 0;
        };
    }

    private static Duration amount(long amount, String unit) {
        return switch (unit) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException(ConfigValues.quote(text) + " is not a duration" + HINT);
    }
}
