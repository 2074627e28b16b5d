package dev.incidentmonitor.ingest.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits the study's {@code Service} column, {@code "This incident affected: A, B, and C."}, into names.
 *
 * <p>The page joins names as an English list: {@code "A"}, {@code "A and B"}, {@code "A, B, and C"} (some pages
 * leave out the serial comma: {@code "A, B and C"}). Names may hold dots and spaces ({@code "claude.ai"},
 * {@code "Claude on Vertex AI"}), so only {@code ", "} and {@code " and "} separate them, and a known name that
 * itself contains {@code " and "} is kept whole.
 */
final class AffectedServices {

    private static final String PREFIX = "this incident affected:";

    private AffectedServices() {}

    /**
     * The names in {@code text}, in the page's order; an empty list for an empty cell or pandas' {@code NaN}.
     *
     * @param knownNames names never split at an inner {@code " and "}
     * @throws IllegalArgumentException when the text is not of the form above
     */
    static List<String> split(final String text, final Set<String> knownNames) {
        final String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("nan")) {
            return List.of();
        }
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new IllegalArgumentException("does not start with 'This incident affected:': '" + text + "'");
        }
        String list = trimmed.substring(PREFIX.length()).strip();
        if (list.endsWith(".")) {
            list = list.substring(0, list.length() - 1).strip();
        }
        final List<String> names = new ArrayList<>();
        if (list.isEmpty()) {
            return names;
        }
        final String[] parts = list.split("\\s*,\\s*", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            final boolean last = i == parts.length - 1;
            if (last && parts.length > 1 && part.startsWith("and ")) {
                part = part.substring("and ".length()).strip();
            }
            if (last && !knownNames.contains(part)) {
                final int and = part.lastIndexOf(" and ");
                if (and > 0) {
                    addName(names, part.substring(0, and), text);
                    part = part.substring(and + " and ".length());
                }
            }
            addName(names, part, text);
        }
        return names;
    }

    private static void addName(final List<String> names, final String name, final String text) {
        final String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("empty service name in '" + text + "'");
        }
        if (!names.contains(stripped)) {
            names.add(stripped);
        }
    }
}
