package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses the Atlassian Statuspage v2 public API into a {@link PageSnapshot}. Pure functions: no HTTP, no state.
 *
 * <p>What comes from where:
 *
 * <ul>
 *   <li>page id and time zone: {@code page} of any body (first present in the order summary, components,
 *       unresolved, incidents, scheduled maintenances);
 *   <li>components: {@code components.json}, then any only in {@code summary.json}; an entry with
 *       {@code group: true} is a group, never a service, and gives its name to members naming it in
 *       {@code group_id};
 *   <li>incidents: {@code summary.json} ({@code incidents} and {@code scheduled_maintenances}),
 *       {@code incidents/unresolved.json}, {@code incidents.json}, {@code scheduled-maintenances.json},
 *       de-duplicated by id (the richest version wins: most updates, then latest {@code updated_at});
 *   <li>update time: {@code display_at}, falling back to {@code created_at}; per-update components from
 *       {@code affected_components} ({@code code}, {@code name}, {@code old_status}, {@code new_status};
 *       {@code null} means none).
 * </ul>
 */
public final class StatuspageParser {
    private static final List<StatuspageEndpoint> PAGE_ORDER = List.of(
            StatuspageEndpoint.SUMMARY,
            StatuspageEndpoint.COMPONENTS,
            StatuspageEndpoint.UNRESOLVED,
            StatuspageEndpoint.INCIDENTS,
            StatuspageEndpoint.SCHEDULED_MAINTENANCES);

    private StatuspageParser() {}

    /**
     * Merges what the endpoints of one poll returned.
     *
     * @param provider catalogue id of the provider (becomes {@link PageSnapshot#provider()}, and the page id when
     *     no body names one)
     * @param poll the fetched bodies; at least one must be present
     * @param observedAt when the poll read the page
     * @return the snapshot; drift that does not prevent reading (unknown status words, a missing time zone) is in
     *     its warnings
     * @throws SourceFormatException when a present body is not JSON or lacks something required (incident or
     *     update id, update status or time); {@link SourceFormatException#endpoint()} names the body, so the
     *     caller can report it and retry with {@link StatuspagePoll#without}
     */
    public static PageSnapshot parse(String provider, StatuspagePoll poll, Instant observedAt)
            throws SourceFormatException {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(observedAt, "observedAt");
        if (poll.isEmpty()) {
            throw new IllegalArgumentException("poll of " + provider + " holds no body");
        }
        Warnings warnings = new Warnings();
        Map<StatuspageEndpoint, StatuspageReader.Body> bodies = new LinkedHashMap<>();
        for (StatuspageEndpoint endpoint : PAGE_ORDER) {
            String body = poll.body(endpoint);
            if (body != null) {
                bodies.put(endpoint, StatuspageReader.read(body, endpoint, true, warnings));
            }
        }
        return assemble(provider, bodies, observedAt, warnings);
    }

    /** Builds the snapshot from bodies already read, keyed in {@link #PAGE_ORDER}; shared with the shim. */
    static PageSnapshot assemble(
            String provider,
            Map<StatuspageEndpoint, StatuspageReader.Body> bodies,
            Instant observedAt,
            Warnings warnings) {
        String pageId = null;
        ZoneId timeZone = null;
        for (Map.Entry<StatuspageEndpoint, StatuspageReader.Body> e : bodies.entrySet()) {
            StatuspageReader.Page page = e.getValue().page();
            if (page.id() != null) {
                if (pageId == null) {
                    pageId = page.id();
                } else if (!pageId.equals(page.id())) {
                    warnings.add(
                            e.getKey().path(),
                            "$.page.id",
                            "page id '" + page.id() + "' differs from '" + pageId + "' of the other endpoints");
                }
            }
            if (timeZone == null) {
                timeZone = page.timeZone();
            }
        }
        return new PageSnapshot(
                provider,
                pageId == null ? provider : pageId,
                timeZone,
                components(bodies),
                incidents(bodies),
                observedAt,
                warnings.toList());
    }

    static List<ComponentSnapshot> components(Map<StatuspageEndpoint, StatuspageReader.Body> bodies) {
        Map<String, StatuspageReader.Component> byId = new LinkedHashMap<>();
        for (StatuspageEndpoint endpoint : List.of(StatuspageEndpoint.COMPONENTS, StatuspageEndpoint.SUMMARY)) {
            StatuspageReader.Body body = bodies.get(endpoint);
            if (body != null) {
                body.components().forEach(c -> byId.putIfAbsent(c.id(), c));
            }
        }
        Map<String, String> groupNames = new HashMap<>();
        byId.values().stream().filter(StatuspageReader.Component::group).forEach(g -> groupNames.put(g.id(), g.name()));
        List<ComponentSnapshot> out = new ArrayList<>(byId.size());
        for (StatuspageReader.Component c : byId.values()) {
            if (!c.group()) {
                String groupName = c.groupId() == null ? null : groupNames.get(c.groupId());
                out.add(new ComponentSnapshot(c.id(), c.name(), groupName, c.status(), c.updatedAt()));
            }
        }
        return out;
    }

    static List<IncidentSnapshot> incidents(Map<StatuspageEndpoint, StatuspageReader.Body> bodies) {
        List<IncidentSnapshot> all = new ArrayList<>();
        for (StatuspageEndpoint endpoint : List.of(
                StatuspageEndpoint.SUMMARY,
                StatuspageEndpoint.UNRESOLVED,
                StatuspageEndpoint.INCIDENTS,
                StatuspageEndpoint.SCHEDULED_MAINTENANCES)) {
            StatuspageReader.Body body = bodies.get(endpoint);
            if (body != null) {
                all.addAll(body.incidents());
            }
        }
        return IncidentMerge.dedupe(all);
    }
}
