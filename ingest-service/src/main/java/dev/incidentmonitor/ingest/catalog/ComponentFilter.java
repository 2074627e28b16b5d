package dev.incidentmonitor.ingest.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which of a page's components become services, and what they are called.
 *
 * <p>Some pages list far more components than anyone depends on (a CDN's page lists every data centre; GitHub's
 * lists Git operations next to Copilot), and every component becomes a service with its own metrics, so the
 * catalogue can narrow a page down. Each pattern is matched against both the component id (exactly, case
 * sensitive, as ids are) and the component name (ignoring case, as names are edited by hand and change); {@code
 * *} matches any run of characters and {@code ?} any one character. Matching on ids is the robust choice, since
 * a renamed component keeps its id; names are allowed because they are what an operator can read off the page.
 *
 * <p>A component is accepted when {@code include} is empty or one of its patterns matches, and no {@code exclude}
 * pattern matches: exclude wins. {@code aliases} renames components by id for display only (for example to the
 * names the ICPE'25 study used); identity stays the id.
 *
 * @param include patterns of components to keep; empty keeps all
 * @param exclude patterns of components to drop, applied after {@code include}
 * @param aliases display names by component id
 */
public record ComponentFilter(List<String> include, List<String> exclude, Map<String, String> aliases) {
    /** Keeps every component under its own name. */
    public static final ComponentFilter ALL = new ComponentFilter(List.of(), List.of(), Map.of());

    public ComponentFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        for (String pattern : include) {
            requirePattern(pattern, "include");
        }
        for (String pattern : exclude) {
            requirePattern(pattern, "exclude");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        aliases.forEach((id, alias) -> {
            Objects.requireNonNull(id, "aliases key");
            Objects.requireNonNull(alias, "aliases value");
            if (id.isBlank() || alias.isBlank()) {
                throw new IllegalArgumentException("aliases: component id and display name must not be empty");
            }
            copy.put(id, alias);
        });
        aliases = Collections.unmodifiableMap(copy);
    }

    /**
     * Whether the component becomes a service.
     *
     * @param id the page's component id
     * @param name the component's current name, or {@code null} when only the id is known
     */
    public boolean accepts(String id, String name) {
        Objects.requireNonNull(id, "id");
        boolean included = include.isEmpty() || matchesAny(include, id, name);
        return included && !matchesAny(exclude, id, name);
    }

    /**
     * The name to show for a component: its alias if it has one, else its own name, else its id.
     *
     * @param id the page's component id
     * @param name the component's current name, or {@code null} when only the id is known
     */
    public String displayName(String id, String name) {
        Objects.requireNonNull(id, "id");
        String alias = aliases.get(id);
        if (alias != null) {
            return alias;
        }
        return name != null ? name : id;
    }

    private static boolean matchesAny(List<String> patterns, String id, String name) {
        String lowerName = name == null ? null : name.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (globMatches(pattern, id)) {
                return true;
            }
            if (lowerName != null && globMatches(pattern.toLowerCase(Locale.ROOT), lowerName)) {
                return true;
            }
        }
        return false;
    }

    /** Glob match of the whole text: {@code *} is any run of characters (also none), {@code ?} one character. */
    static boolean globMatches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static void requirePattern(String pattern, String list) {
        Objects.requireNonNull(pattern, list);
        if (pattern.isBlank()) {
            throw new IllegalArgumentException(list + ": a pattern must not be empty");
        }
    }
}
