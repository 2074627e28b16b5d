package dev.incidentmonitor.ingest.simulator;

import dev.incidentmonitor.ingest.catalog.Platform;
import java.util.List;
import java.util.Objects;

/**
 * A page the simulator serves.
 *
 * @param id the page id in the URL ({@code /pages/<id>/...}), {@code [a-z0-9-]+}
 * @param name display name
 * @param platform what the page imitates
 * @param profile the studied provider whose incident process a generated page follows ({@code openai},
 *     {@code anthropic}, {@code character}); {@code null} for replay pages
 * @param componentIds the page's component ids, in page order (empty for replay pages, whose files decide)
 */
public record SimulatedPage(
        String id, String name, Platform platform, StudyDistributions.Profile profile, List<String> componentIds) {
    public SimulatedPage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        componentIds = List.copyOf(componentIds);
    }
}
