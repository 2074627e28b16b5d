package dev.incidentmonitor.ingest.history;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the study's raw files do not say themselves: which provider each folder and each uptime service
 * belongs to, the services' display names, and the pages' time zone.
 *
 * <p>The study has no status-page component ids, so imported history uses {@link #componentId(String)}, a
 * slug of the display name. It equals the uptime folder names ({@code api}, {@code claude.ai},
 * {@code character.ai}, ...), so that incidents and uptime days of one service share one service id.
 *
 * @param zone the pages' time zone: update timestamps and uptime days are local to it
 * @param providerFolders incident folder name to provider id (e.g. {@code characterai} to {@code character-ai})
 * @param services every uptime service, by component id
 */
public record StudyCatalog(ZoneId zone, Map<String, String> providerFolders, Map<String, Service> services) {

    /** The Statuspage pages the study scraped: America/Los_Angeles. */
    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    private static final Pattern NOT_SLUG = Pattern.compile("[^\\p{L}\\p{N}.]+");

    /**
     * One service of the study.
     *
     * @param provider provider id
     * @param componentId the service id: {@link #componentId(String)} of the display name
     * @param name display name as the study's pages show it
     */
    public record Service(String provider, String componentId, String name) {
        public Service {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(componentId, "componentId");
            Objects.requireNonNull(name, "name");
        }
    }

    public StudyCatalog {
        Objects.requireNonNull(zone, "zone");
        providerFolders = Map.copyOf(providerFolders);
        services = Map.copyOf(services);
    }

    /** The ICPE'25 study (Chu et al.): OpenAI, Anthropic and Character.AI, data up to 2024-08-31. */
    public static StudyCatalog icpe25() {
        final Map<String, Service> services = new LinkedHashMap<>();
        for (final Service s : List.of(
                service("openai", "API"),
                service("openai", "ChatGPT"),
                service("openai", "Labs"),
                service("openai", "Playground"),
                service("anthropic", "api.anthropic.com"),
                service("anthropic", "claude.ai"),
                service("anthropic", "console.anthropic.com"),
                service("character-ai", "Character.AI"))) {
            services.put(s.componentId(), s);
        }
        return new StudyCatalog(
                PACIFIC, Map.of("openai", "openai", "anthropic", "anthropic", "characterai", "character-ai"), services);
    }

    private static Service service(final String provider, final String name) {
        return new Service(provider, componentId(name), name);
    }

    /**
     * The component id imported history uses for a display name: lower case, and every run of characters
     * other than letters, digits and dots replaced by one {@code -} ({@code "Claude on Vertex AI"} gives
     * {@code claude-on-vertex-ai}, {@code "Character.AI"} gives {@code character.ai}).
     */
    public static String componentId(final String name) {
        final String slug =
                NOT_SLUG.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
        int start = 0;
        int end = slug.length();
        while (start < end && slug.charAt(start) == '-') {
            start++;
        }
        while (end > start && slug.charAt(end - 1) == '-') {
            end--;
        }
        return slug.substring(start, end);
    }

    /** The provider of an incident folder ({@code openai}, {@code anthropic}, {@code characterai}). */
    public Optional<String> providerOfFolder(final String folder) {
        return Optional.ofNullable(providerFolders.get(folder.toLowerCase(Locale.ROOT)));
    }

    /** The service of an uptime folder (its component id). */
    public Optional<Service> service(final String componentId) {
        return Optional.ofNullable(services.get(componentId(componentId)));
    }
}
