package dev.incidentmonitor.ingest.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects schema drift and fallbacks noticed while parsing one poll. The same problem seen many times (a new
 * status word on every update) is reported once with its first location and a count, so the list stays
 * bounded however large the body is.
 */
final class Warnings {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        private final String text;
        private int count;

        private Entry(String text) {
            this.text = text;
        }
    }

    /** Adds a problem found at {@code path} of {@code endpoint}'s body; repeats are counted, not listed. */
    void add(String endpoint, String path, String problem) {
        entries.computeIfAbsent(endpoint + "\u0000" + problem, k -> new Entry(endpoint + " " + path + ": " + problem))
                .count++;
    }

    /** Adds a warning about the poll as a whole (a fallback, a missing endpoint). */
    void add(String message) {
        entries.computeIfAbsent("\u0000" + message, k -> new Entry(message)).count++;
    }

    /** Takes over what another collector found (used once a tentative parse has succeeded). */
    void addAll(Warnings other) {
        other.entries.forEach((key, entry) -> {
            Entry mine = entries.computeIfAbsent(key, k -> new Entry(entry.text));
            mine.count += entry.count;
        });
    }

    List<String> toList() {
        List<String> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            out.add(e.count > 1 ? e.text + " (" + e.count + " occurrences)" : e.text);
        }
        return out;
    }
}
