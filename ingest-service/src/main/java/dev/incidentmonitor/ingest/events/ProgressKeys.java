package dev.incidentmonitor.ingest.events;

/** Writes and reads the keys of {@link ProgressEntry}: a kind, then {@code :}-separated escaped parts. */
final class ProgressKeys {

    static final String UPDATE = "update";
    static final String COMPONENT = "component";
    static final String HISTORY = "history";

    private ProgressKeys() {}

    /** {@code kind:part:part...}, each part escaped. */
    static String join(final String kind, final String... parts) {
        final StringBuilder key = new StringBuilder(kind);
        for (final String part : parts) {
            key.append(':');
            escape(part, key);
        }
        return key.toString();
    }

    static ProgressEntry parse(final String key, final String value) {
        final int colon = key.indexOf(':');
        final String kind = colon < 0 ? key : key.substring(0, colon);
        final String rest = colon < 0 ? "" : key.substring(colon + 1);
        return switch (kind) {
            case UPDATE -> ProgressEntry.UpdateSeen.parse(parts(rest, 3, false), value);
            case COMPONENT -> ProgressEntry.ComponentSeen.parse(parts(rest, 2, false), value);
            case HISTORY -> ProgressEntry.HistoricalChangeSeen.parse(parts(rest, 3, true), value);
            default ->
                throw new IllegalArgumentException(
                        "unknown kind '" + kind + "' (expected " + UPDATE + ", " + COMPONENT + " or " + HISTORY + ")");
        };
    }

    /**
     * Splits {@code rest} into {@code n} unescaped parts; with {@code lastVerbatim}, the last part is the rest of the
     * text after the {@code n-1}th separator, not unescaped.
     */
    private static String[] parts(final String rest, final int n, final boolean lastVerbatim) {
        final String[] parts = rest.split(":", lastVerbatim ? n : -1);
        if (parts.length != n) {
            throw new IllegalArgumentException(
                    "expected " + n + " ':'-separated parts after the kind, found " + parts.length);
        }
        for (int i = 0; i < n; i++) {
            if (!(lastVerbatim && i == n - 1)) {
                parts[i] = unescape(parts[i]);
            }
        }
        return parts;
    }

    private static void escape(final String part, final StringBuilder out) {
        for (int i = 0; i < part.length(); i++) {
            final char c = part.charAt(i);
            if (c == '%') {
                out.append("%25");
            } else if (c == ':') {
                out.append("%3A");
            } else {
                out.append(c);
            }
        }
    }

    private static String unescape(final String part) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        final StringBuilder out = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            final char c = part.charAt(i);
            if (c != '%') {
                out.append(c);
            } else if (part.startsWith("%25", i)) {
                out.append('%');
                i += 2;
            } else if (part.startsWith("%3A", i)) {
                out.append(':');
                i += 2;
            } else {
                throw new IllegalArgumentException("bad escape at '" + part.substring(i) + "' (only %25 and %3A)");
            }
        }
        return out.toString();
    }
}
