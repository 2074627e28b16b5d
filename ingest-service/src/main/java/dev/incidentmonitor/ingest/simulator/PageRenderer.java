package dev.incidentmonitor.ingest.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.simulator.SimIncident.Change;
import dev.incidentmonitor.ingest.simulator.SimIncident.ImpactWindow;
import dev.incidentmonitor.ingest.simulator.SimIncident.Update;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Renders a generated page's state in the shapes of the real platforms: Atlassian Statuspage v2 (as the
 * recorded Anthropic and GitHub bodies in {@code fixtures/statuspage/}), incident.io's {@code /proxy} JSON (as
 * FORMAT.md §2-3) and incident.io's cut-down Statuspage-compatible shim (FORMAT.md §6: no time zone, no
 * component attribution, 25 components in the summary, 25 incidents, {@code incidents} absent when none is open,
 * one bulk {@code updated_at} on every component, timestamps without fractions).
 */
final class PageRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** The time zone generated Statuspage pages state: the study's pages' zone. */
    static final String TIME_ZONE = "America/Los_Angeles";

    private static final int STATUSPAGE_INCIDENTS = 50;
    private static final int SHIM_INCIDENTS = 25;
    private static final int SHIM_SUMMARY_COMPONENTS = 25;

    private PageRenderer() {}

    /** A component of a generated page; {@code position} counts from 1. */
    record Component(String id, String name, int position) {}

    /** What a renderer needs of a generated page; the lists are the page's own, read under its lock. */
    record View(
            Platform platform,
            String pageCode,
            String name,
            String url,
            Instant createdAt,
            Instant updatedAt,
            List<Component> components,
            List<Level> levels,
            List<Instant> levelSince,
            List<SimIncident> incidents,
            List<SimIncident> maintenances) {}

    static byte[] render(PageEndpoint endpoint, View view) {
        return json(view.platform() == Platform.STATUSPAGE ? statuspage(endpoint, view) : incidentIo(endpoint, view));
    }

    /** Compact JSON of maps, lists, strings, numbers, booleans and nulls. */
    static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write plain JSON values", e);
        }
    }

    // ---------------------------------------------------------------- Atlassian Statuspage

    private static Map<String, Object> statuspage(PageEndpoint endpoint, View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "page",
                obj(
                        "id",
                        v.pageCode(),
                        "name",
                        v.name(),
                        "url",
                        v.url(),
                        "time_zone",
                        TIME_ZONE,
                        "updated_at",
                        ms(v.updatedAt())));
        switch (endpoint) {
            case SUMMARY -> {
                out.put("components", components(v));
                out.put("incidents", open(v.incidents(), i -> incident(i, v)));
                out.put("scheduled_maintenances", open(v.maintenances(), i -> incident(i, v)));
                out.put("status", status(v, "Partially Degraded Service"));
            }
            case COMPONENTS -> out.put("components", components(v));
            case INCIDENTS -> out.put("incidents", newest(v.incidents(), STATUSPAGE_INCIDENTS, i -> incident(i, v)));
            case UNRESOLVED -> out.put("incidents", open(v.incidents(), i -> incident(i, v)));
            case SCHEDULED_MAINTENANCES ->
                out.put("scheduled_maintenances", newest(v.maintenances(), STATUSPAGE_INCIDENTS, i -> incident(i, v)));
            default -> throw new IllegalArgumentException(endpoint + " is not a Statuspage endpoint");
        }
        return out;
    }

    private static List<Object> components(View v) {
        List<Object> out = new ArrayList<>(v.components().size());
        for (int i = 0; i < v.components().size(); i++) {
            out.add(component(v, i));
        }
        return out;
    }

    private static Map<String, Object> component(View v, int index) {
        Component c = v.components().get(index);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("name", c.name());
        out.put("status", v.levels().get(index).statuspageWord());
        out.put("created_at", ms(v.createdAt()));
        out.put("updated_at", ms(v.levelSince().get(index)));
        out.put("position", c.position());
        out.put("description", null);
        out.put("showcase", true);
        out.put("start_date", DATE.format(v.createdAt()));
        out.put("group_id", null);
        out.put("page_id", v.pageCode());
        out.put("group", false);
        out.put("only_show_if_degraded", false);
        return out;
    }

    private static Map<String, Object> incident(SimIncident i, View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id);
        out.put("name", i.title);
        out.put("status", i.status);
        out.put("created_at", ms(i.createdAt()));
        out.put("updated_at", ms(i.updatedAt));
        out.put("monitoring_at", ms(i.monitoringAt));
        out.put("resolved_at", ms(i.resolvedAt));
        out.put("impact", i.impact);
        out.put("shortlink", v.url() + "/incidents/" + i.id);
        out.put("started_at", ms(i.createdAt()));
        out.put("page_id", v.pageCode());
        if (i.maintenance()) {
            out.put("scheduled_for", ms(i.scheduledFor));
            out.put("scheduled_until", ms(i.scheduledUntil));
        }
        List<Object> updates = new ArrayList<>(i.updates.size());
        for (int k = i.updates.size() - 1; k >= 0; k--) {
            Update u = i.updates.get(k);
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("id", u.id());
            update.put("status", u.status());
            update.put("body", u.body());
            update.put("incident_id", i.id);
            update.put("created_at", ms(u.at()));
            update.put("updated_at", ms(u.at()));
            update.put("display_at", ms(u.at()));
            update.put("affected_components", u.changes() == null ? null : affected(u.changes(), v));
            update.put("deliver_notifications", true);
            update.put("custom_tweet", null);
            update.put("tweet_id", null);
            updates.add(update);
        }
        out.put("incident_updates", updates);
        out.put("components", i.components.stream().map(c -> component(v, c)).toList());
        return out;
    }

    private static List<Object> affected(List<Change> changes, View v) {
        List<Object> out = new ArrayList<>(changes.size());
        for (Change c : changes) {
            out.add(obj(
                    "code",
                    v.components().get(c.component()).id(),
                    "name",
                    v.components().get(c.component()).name(),
                    "old_status",
                    c.oldStatus().statuspageWord(),
                    "new_status",
                    c.newStatus().statuspageWord()));
        }
        return out;
    }

    /** Statuspage's page indicator from the worst component status. */
    private static Map<String, Object> status(View v, String degradedWording) {
        Level worst = v.levels().stream().max(Comparator.naturalOrder()).orElse(Level.OPERATIONAL);
        return switch (worst) {
            case OPERATIONAL -> obj("indicator", "none", "description", "All Systems Operational");
            case UNDER_MAINTENANCE -> obj("indicator", "maintenance", "description", "Service Under Maintenance");
            case DEGRADED_PERFORMANCE -> obj("indicator", "minor", "description", degradedWording);
            case PARTIAL_OUTAGE -> obj("indicator", "major", "description", "Partial System Outage");
            case MAJOR_OUTAGE -> obj("indicator", "critical", "description", "Major System Outage");
        };
    }

    // ---------------------------------------------------------------- incident.io

    private static Map<String, Object> incidentIo(PageEndpoint endpoint, View v) {
        return switch (endpoint) {
            case PROXY_SUMMARY -> obj("summary", proxySummary(v));
            case PROXY_INCIDENTS ->
                obj(
                        "incidents",
                        Stream.concat(v.incidents().stream(), v.maintenances().stream())
                                .sorted(Comparator.comparing(SimIncident::createdAt)
                                        .reversed())
                                .map(i -> proxyIncident(i, v))
                                .toList());
            case SUMMARY -> shimSummary(v);
            case COMPONENTS -> obj("page", shimPage(v), "components", shimComponents(v, Integer.MAX_VALUE));
            case INCIDENTS ->
                obj("page", shimPage(v), "incidents", newest(v.incidents(), SHIM_INCIDENTS, i -> shimIncident(i, v)));
            default -> throw new IllegalArgumentException(endpoint + " is not an incident.io endpoint");
        };
    }

    private static Map<String, Object> proxySummary(View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.pageCode());
        out.put("name", v.name());
        out.put("public_url", v.url());
        out.put("data_available_since", ms(v.createdAt()));
        List<Object> components = new ArrayList<>();
        List<Object> items = new ArrayList<>();
        List<Object> affected = new ArrayList<>();
        for (int i = 0; i < v.components().size(); i++) {
            Component c = v.components().get(i);
            components.add(obj("id", c.id(), "name", c.name(), "status_page_id", v.pageCode()));
            items.add(obj(
                    "component",
                    obj(
                            "component_id",
                            c.id(),
                            "name",
                            c.name(),
                            "hidden",
                            false,
                            "display_uptime",
                            true,
                            "data_available_since",
                            ms(v.createdAt()))));
            Level level = v.levels().get(i);
            if (level != Level.OPERATIONAL) {
                affected.add(obj("component_id", c.id(), "status", level.proxyWord()));
            }
        }
        out.put("components", components);
        out.put("structure", obj("id", v.pageCode() + "-structure", "status_page_id", v.pageCode(), "items", items));
        out.put("affected_components", affected);
        out.put("ongoing_incidents", open(v.incidents(), i -> proxyIncident(i, v)));
        out.put("scheduled_maintenances", open(v.maintenances(), i -> proxyIncident(i, v)));
        return out;
    }

    private static Map<String, Object> proxyIncident(SimIncident i, View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id);
        out.put("name", i.title);
        out.put("status", proxyStatus(i.status));
        out.put("type", i.maintenance() ? "maintenance" : "incident");
        out.put("published_at", ms(i.createdAt()));
        out.put("status_page_id", v.pageCode());
        List<Object> affected = new ArrayList<>();
        for (Map.Entry<Integer, Level> e : i.worst.entrySet()) {
            affected.add(obj(
                    "component_id",
                    v.components().get(e.getKey()).id(),
                    "status",
                    e.getValue().proxyWord(),
                    "current_status",
                    v.levels().get(e.getKey()).proxyWord()));
        }
        out.put("affected_components", affected);
        List<Object> impacts = new ArrayList<>(i.impacts.size());
        for (ImpactWindow w : i.impacts) {
            Map<String, Object> impact = new LinkedHashMap<>();
            impact.put("id", w.id);
            impact.put("component_id", v.components().get(w.component).id());
            impact.put("status", w.level.proxyWord());
            impact.put("start_at", ms(w.start));
            impact.put("end_at", ms(w.end));
            impact.put("status_page_incident_id", i.id);
            impacts.add(impact);
        }
        out.put("component_impacts", impacts);
        List<Object> updates = new ArrayList<>(i.updates.size());
        for (int k = i.updates.size() - 1; k >= 0; k--) {
            Update u = i.updates.get(k);
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("id", u.id());
            update.put("to_status", proxyStatus(u.status()));
            update.put("message_string", u.body());
            update.put("published_at", ms(u.at()));
            List<Object> statuses = new ArrayList<>();
            if (u.changes() != null) {
                for (Change c : u.changes()) {
                    statuses.add(obj(
                            "component_id",
                            v.components().get(c.component()).id(),
                            "status",
                            c.set().proxyWord()));
                }
            }
            update.put("component_statuses", statuses);
            update.put("automated_update", false);
            updates.add(update);
        }
        out.put("updates", updates);
        return out;
    }

    /** incident.io's maintenance words (FORMAT.md §5); incident words are Statuspage's. */
    private static String proxyStatus(String statuspageStatus) {
        return switch (statuspageStatus) {
            case "scheduled" -> "maintenance_scheduled";
            case "in_progress", "verifying" -> "maintenance_in_progress";
            case "completed" -> "maintenance_complete";
            default -> statuspageStatus;
        };
    }

    private static Map<String, Object> shimPage(View v) {
        return obj("id", v.pageCode(), "name", v.name(), "url", v.url() + "/", "updated_at", s(v.updatedAt()));
    }

    private static List<Object> shimComponents(View v, int limit) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < v.components().size() && i < limit; i++) {
            Component c = v.components().get(i);
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("id", c.id());
            component.put("name", c.name());
            component.put("status", v.levels().get(i).statuspageWord());
            component.put("position", i);
            component.put("created_at", s(v.createdAt()));
            component.put("updated_at", s(v.updatedAt())); // one bulk time on every component (FORMAT.md §6)
            component.put("page_id", v.pageCode());
            out.add(component);
        }
        return out;
    }

    private static Map<String, Object> shimSummary(View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", shimPage(v));
        out.put("status", status(v, "Partial System Degradation"));
        out.put("components", shimComponents(v, SHIM_SUMMARY_COMPONENTS));
        List<Map<String, Object>> open = open(v.incidents(), i -> shimIncident(i, v));
        if (!open.isEmpty()) { // absent, not [], when nothing is open (recorded)
            out.put("incidents", open);
        }
        return out;
    }

    private static Map<String, Object> shimIncident(SimIncident i, View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id);
        out.put("name", i.title);
        out.put("status", i.status);
        out.put("impact", i.impact);
        out.put("created_at", s(i.createdAt()));
        out.put("updated_at", s(i.updatedAt));
        if (i.resolvedAt != null) {
            out.put("resolved_at", s(i.resolvedAt));
        }
        out.put("page_id", v.pageCode());
        List<Object> updates = new ArrayList<>(i.updates.size());
        for (int k = i.updates.size() - 1; k >= 0; k--) {
            Update u = i.updates.get(k);
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("id", u.id());
            update.put("status", u.status());
            update.put("body", u.body());
            update.put("created_at", s(u.at()));
            update.put("display_at", s(u.at()));
            update.put("updated_at", s(u.at()));
            update.put("incident_id", i.id);
            updates.add(update);
        }
        out.put("incident_updates", updates);
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** The open ones of {@code incidents}, newest first, each rendered. */
    private static List<Map<String, Object>> open(
            List<SimIncident> incidents, Function<SimIncident, Map<String, Object>> render) {
        return newestFirst(incidents).filter(i -> i.open).map(render).toList();
    }

    /** The newest {@code limit} of {@code incidents}, newest first, each rendered. */
    private static List<Map<String, Object>> newest(
            List<SimIncident> incidents, int limit, Function<SimIncident, Map<String, Object>> render) {
        return newestFirst(incidents).limit(limit).map(render).toList();
    }

    private static Stream<SimIncident> newestFirst(List<SimIncident> oldestFirst) {
        List<SimIncident> copy = new ArrayList<>(oldestFirst);
        Collections.reverse(copy);
        return copy.stream();
    }

    private static String ms(Instant t) {
        return t == null ? null : MILLIS.format(t);
    }

    private static String s(Instant t) {
        return t == null ? null : SECONDS.format(t);
    }

    /** An ordered JSON object from alternating keys and values. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
