package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads incident.io's own JSON under {@code /proxy/<host>} (FORMAT.md §2, §3). No recorded summary body
 * exists (FORMAT.md §10.1), so the summary is read from the key list FORMAT.md gives, tolerantly: every field is
 * optional except what identifies an incident or an update, and component entries that cannot be used are
 * dropped with a warning rather than failing the body (FORMAT.md §9).
 */
final class IncidentIoReader {
    private IncidentIoReader() {}

    /** An incident as read, with the impact windows the model has no place for yet. */
    record Parsed(IncidentSnapshot incident, List<ComponentImpact> impacts) {}

    /** What {@code /proxy/<host>} holds. */
    record Summary(
            String pageId, List<ComponentSnapshot> components, Map<String, String> names, List<Parsed> incidents) {}

    /**
     * Resolves component ids to names; ids named by incidents but absent from the catalogue are remembered so
     * the parser can report them once.
     */
    static final class Names {
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Set<String> unknown = new LinkedHashSet<>();

        /** A name from the page's own catalogue: it wins over the shim's. */
        void put(String id, String name) {
            names.put(id, name);
        }

        /** A name from a secondary source (the shim). */
        void putIfAbsent(String id, String name) {
            names.putIfAbsent(id, name);
        }

        String get(String id) {
            return names.get(id);
        }

        String nameOf(String id) {
            String name = names.get(id);
            if (name == null) {
                unknown.add(id);
                return id;
            }
            return name;
        }

        boolean isEmpty() {
            return names.isEmpty();
        }

        /** Ids looked up that no source named. */
        List<String> unknown() {
            return unknown.stream().filter(id -> !names.containsKey(id)).toList();
        }
    }

    /** A component found in {@code summary.structure}. */
    private record Placed(String id, String name, String groupName, boolean hidden) {}

    static Summary readSummary(String body, String endpoint, String host, Names names, Warnings warnings)
            throws SourceFormatException {
        JsonCursor root = JsonCursor.parse(body, endpoint);
        JsonCursor summary = root.field("summary");
        if (summary.isMissing()) {
            // FORMAT.md §2: the envelope is {"summary": {...}} [P]; OUT also accepts the keys at top level.
            if (!root.has("components") && !root.has("structure")) {
                throw summary.error("required object is missing (no summary envelope, no components or structure)");
            }
            warnings.add(endpoint, "$", "no summary envelope; read the keys at top level");
            summary = root;
        }
        summary.requireObject();

        Map<String, String> catalogue = new LinkedHashMap<>();
        for (JsonCursor c : summary.field("components").array()) {
            String id = c.requireObject().field("id").text();
            if (id == null) {
                warnings.add(endpoint, c.path() + ".id", "component without id dropped");
                continue;
            }
            catalogue.put(id, StatuspageReader.nameOr(c.field("name").text(), id));
        }
        Map<String, Placed> placed = new LinkedHashMap<>();
        for (JsonCursor item : summary.field("structure").field("items").array()) {
            item.requireObject();
            JsonCursor group = item.field("group");
            JsonCursor single = item.field("component");
            if (!group.isMissing()) {
                group.requireObject();
                boolean groupHidden = group.field("hidden").bool();
                String groupName = group.field("name").text();
                for (JsonCursor child : group.field("components").array()) {
                    place(child.requireObject(), groupName, groupHidden, placed, warnings);
                }
            } else if (!single.isMissing()) {
                place(single.requireObject(), null, false, placed, warnings);
            } else {
                warnings.add(endpoint, item.path(), "structure item is neither a group nor a component; ignored");
            }
        }
        placed.values().forEach(p -> catalogue.putIfAbsent(p.id(), p.name()));
        catalogue.forEach(names::put);

        // FORMAT.md §2.4: only non-operational components are listed; a component not listed is operational.
        JsonCursor affectedList = summary.field("affected_components");
        if (affectedList.isMissing()) {
            warnings.add(
                    endpoint, affectedList.path(), "no affected_components key; every component taken as operational");
        }
        Map<String, ComponentStatus> affected = new LinkedHashMap<>();
        for (JsonCursor a : affectedList.array()) {
            String id = a.requireObject().field("component_id").text();
            if (id == null) {
                warnings.add(endpoint, a.path() + ".component_id", "affected component without component_id dropped");
                continue;
            }
            ComponentStatus status = StatuspageReader.componentStatus(a.field("status"), warnings);
            if (status == null) {
                // FORMAT.md §2.4: some parsers read current_status here as a fallback [U].
                status = StatuspageReader.componentStatus(a.field("current_status"), warnings);
            }
            if (status == null) {
                warnings.add(endpoint, a.path() + ".status", "affected component without status taken as UNKNOWN");
                status = ComponentStatus.UNKNOWN;
            }
            affected.put(id, status);
        }

        List<ComponentSnapshot> components = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Placed p : placed.values()) {
            seen.add(p.id());
            if (!p.hidden()) { // FORMAT.md §2.3: hidden entries are not shown on the page [P] CXB, PUL.
                components.add(snapshot(p.id(), catalogue.get(p.id()), p.groupName(), affected));
            }
        }
        for (Map.Entry<String, String> c : catalogue.entrySet()) {
            if (seen.add(c.getKey())) {
                components.add(snapshot(c.getKey(), c.getValue(), null, affected));
            }
        }
        for (String id : affected.keySet()) {
            if (seen.add(id)) {
                components.add(snapshot(id, names.nameOf(id), null, affected));
            }
        }

        List<Parsed> incidents = new ArrayList<>();
        for (JsonCursor i : summary.field("ongoing_incidents").array()) {
            incidents.add(incident(i.requireObject(), false, host, names, warnings));
        }
        for (JsonCursor i : summary.field("scheduled_maintenances").array()) {
            incidents.add(incident(i.requireObject(), true, host, names, warnings));
        }
        // Widget-API key, not evidenced in /proxy (FORMAT.md §2.1); read it if it ever shows up.
        for (JsonCursor i : summary.field("in_progress_maintenances").array()) {
            incidents.add(incident(i.requireObject(), true, host, names, warnings));
        }
        String pageId = summary.field("id").text();
        return new Summary(pageId, components, catalogue, incidents);
    }

    private static void place(
            JsonCursor c, String groupName, boolean groupHidden, Map<String, Placed> placed, Warnings warnings)
            throws SourceFormatException {
        String id = c.field("component_id").text();
        if (id == null) {
            id = c.field("id").text();
        }
        if (id == null) {
            warnings.add(c.endpoint(), c.path() + ".component_id", "structure component without component_id dropped");
            return;
        }
        // A component listed twice keeps its first place (FORMAT.md §10.8: several groups are not ruled out).
        placed.putIfAbsent(
                id,
                new Placed(
                        id,
                        StatuspageReader.nameOr(c.field("name").text(), id),
                        groupName,
                        groupHidden || c.field("hidden").bool()));
    }

    private static ComponentSnapshot snapshot(
            String id, String name, String groupName, Map<String, ComponentStatus> affected) {
        return new ComponentSnapshot(
                id, name == null ? id : name, groupName, affected.getOrDefault(id, ComponentStatus.OPERATIONAL), null);
    }

    /** Reads {@code /proxy/<host>/incidents}: {@code {"incidents": [...]}}; {@code {}} means none (FORMAT.md §3.1). */
    static List<Parsed> readIncidents(String body, String endpoint, String host, Names names, Warnings warnings)
            throws SourceFormatException {
        JsonCursor root = JsonCursor.parse(body, endpoint);
        JsonCursor list = root.field("incidents");
        if (list.isMissing()) {
            warnings.add(endpoint, list.path(), "no incidents key; read as no incidents");
        }
        List<Parsed> out = new ArrayList<>();
        for (JsonCursor i : list.array()) {
            out.add(incident(i.requireObject(), false, host, names, warnings));
        }
        return out;
    }

    private static Parsed incident(JsonCursor c, boolean maintenanceList, String host, Names names, Warnings warnings)
            throws SourceFormatException {
        String id = c.field("id").requiredText("incident id");
        JsonCursor typeField = c.field("type");
        String type = typeField.text();
        if (type != null && !type.equals("incident") && !type.equals("maintenance")) {
            warnings.add(c.endpoint(), typeField.path(), "unknown incident type '" + type + "'");
        }
        IncidentStatus current = c.field("status")
                .vocabulary(StatusWords.INCIDENT_IO_STATUS, IncidentStatus.UNKNOWN, "incident status", warnings);
        boolean maintenance = maintenanceList
                || "maintenance".equals(type)
                || current == IncidentStatus.SCHEDULED
                || current == IncidentStatus.IN_PROGRESS
                || current == IncidentStatus.COMPLETED;

        Map<String, ComponentRef> components = new LinkedHashMap<>();
        int worst = -1;
        for (JsonCursor a : c.field("affected_components").array()) {
            String componentId = a.requireObject().field("component_id").text();
            if (componentId == null) {
                warnings.add(
                        a.endpoint(), a.path() + ".component_id", "affected component without component_id dropped");
                continue;
            }
            components.computeIfAbsent(componentId, k -> new ComponentRef(k, names.nameOf(k)));
            // status: what this incident drove the component to (FORMAT.md §3.3 [R]); current_status is "now".
            worst = Math.max(
                    worst, StatusWords.severity(StatuspageReader.componentStatus(a.field("status"), warnings)));
            StatuspageReader.componentStatus(a.field("current_status"), warnings);
        }
        List<ComponentImpact> impacts = new ArrayList<>();
        for (JsonCursor m : c.field("component_impacts").array()) {
            ComponentImpact impact = impact(m.requireObject(), id, warnings);
            if (impact != null) {
                impacts.add(impact);
                components.computeIfAbsent(impact.componentId(), k -> new ComponentRef(k, names.nameOf(k)));
                worst = Math.max(worst, StatusWords.severity(impact.status()));
            }
        }
        for (JsonCursor s : c.field("status_summaries").array()) {
            worst = Math.max(
                    worst,
                    StatusWords.severity(StatuspageReader.componentStatus(
                            s.requireObject().field("worst_component_status"), warnings)));
        }

        JsonCursor updateList = c.field("updates");
        if (updateList.isMissing()) {
            warnings.add(c.endpoint(), updateList.path(), "incident without updates");
        }
        List<UpdateSnapshot> updates = new ArrayList<>();
        for (JsonCursor u : updateList.array()) {
            UpdateSnapshot update = update(u.requireObject(), names, warnings);
            updates.add(update);
            for (ComponentChange change : update.components()) {
                worst = Math.max(worst, StatusWords.severity(change.newStatus()));
            }
        }

        Impact impact = maintenance ? Impact.MAINTENANCE : inferredImpact(worst);
        IncidentSnapshot incident = new IncidentSnapshot(
                id,
                c.field("name").text(),
                impact,
                maintenance,
                new ArrayList<>(components.values()),
                // Link shape https://<host>/incidents/<id>: [P] STY (FORMAT.md §3.2).
                "https://" + host + "/incidents/" + id,
                // /proxy has no created_at; published_at is the nearest thing (FORMAT.md §3.2 [R]).
                c.field("published_at").lenientInstant(warnings),
                null,
                updates);
        return new Parsed(incident, impacts);
    }

    /**
     * {@code /proxy} has no incident-level impact (FORMAT.md §5). This is an inference, not a recorded value:
     * the worst component status the incident names, mapped the way Statuspage words impact (degraded →
     * minor, partial → major, full → critical); no component named → none. The parser replaces it with the
     * shim's recorded {@code impact} when the shim lists the same incident.
     */
    private static Impact inferredImpact(int worstSeverity) {
        return switch (worstSeverity) {
            case -1, 1 -> Impact.NONE;
            case 2 -> Impact.MINOR;
            case 3 -> Impact.MAJOR;
            case 4 -> Impact.CRITICAL;
            default -> Impact.UNKNOWN;
        };
    }

    private static ComponentImpact impact(JsonCursor m, String incidentId, Warnings warnings)
            throws SourceFormatException {
        String componentId = m.field("component_id").text();
        if (componentId == null) {
            warnings.add(m.endpoint(), m.path() + ".component_id", "component impact without component_id dropped");
            return null;
        }
        Instant start = m.field("start_at").lenientInstant(warnings);
        if (start == null) {
            warnings.add(m.endpoint(), m.path() + ".start_at", "component impact without start_at dropped");
            return null;
        }
        JsonCursor endField = m.field("end_at");
        Instant end = endField.lenientInstant(warnings);
        if (end == null && !endField.isMissing()) {
            // A bad end must not read as "still open".
            warnings.add(m.endpoint(), endField.path(), "component impact with unreadable end_at dropped");
            return null;
        }
        ComponentStatus status = StatuspageReader.componentStatus(m.field("status"), warnings);
        if (status == null) {
            warnings.add(m.endpoint(), m.path() + ".status", "component impact without status taken as UNKNOWN");
            status = ComponentStatus.UNKNOWN;
        }
        String owner = m.field("status_page_incident_id").text();
        return new ComponentImpact(
                m.field("id").text(), owner == null ? incidentId : owner, componentId, status, start, end);
    }

    private static UpdateSnapshot update(JsonCursor u, Names names, Warnings warnings) throws SourceFormatException {
        String id = u.field("id").requiredText("update id");
        JsonCursor statusField = u.field("to_status");
        if (statusField.isMissing() && u.has("status")) {
            statusField = u.field("status"); // Statuspage's name for it (FORMAT.md §3.6)
        }
        IncidentStatus status = statusField.vocabulary(
                StatusWords.INCIDENT_IO_STATUS, IncidentStatus.UNKNOWN, "incident status", warnings);
        if (status == null) {
            throw statusField.error("update status is missing");
        }
        JsonCursor publishedField = u.field("published_at");
        Instant publishedAt = publishedField.instant();
        if (publishedAt == null) {
            throw publishedField.error("update time is missing");
        }
        String body = u.field("message_string").text();
        if (body == null) {
            body = richText(u.field("message"));
        }
        List<ComponentChange> changes = new ArrayList<>();
        // component_statuses: [{component_id, status}] "set by this update" (FORMAT.md §3.6 [R] STY). Only the
        // new status is recorded; the old one is not, and is left null rather than inferred from earlier updates
        // (component state is shared across concurrent incidents, so the previous update of this incident is not
        // the component's previous status).
        for (JsonCursor s : u.field("component_statuses").array()) {
            String componentId = s.requireObject().field("component_id").text();
            if (componentId == null) {
                warnings.add(s.endpoint(), s.path() + ".component_id", "component status without component_id dropped");
                continue;
            }
            changes.add(new ComponentChange(
                    componentId,
                    names.nameOf(componentId),
                    null,
                    StatuspageReader.componentStatus(s.field("status"), warnings)));
        }
        // /proxy has a single time per update; it is both the display and the creation time.
        return new UpdateSnapshot(id, status, body, publishedAt, publishedAt, changes);
    }

    /**
     * Plain text of a rich-text {@code message}, used only when {@code message_string} is absent. Its shape is
     * not recorded (FORMAT.md §3.6 [U], §10.3): accept the node itself or a {@code text_node} wrapper, recurse
     * on {@code content}, concatenate {@code text}; top-level blocks are separated by a blank line.
     */
    private static String richText(JsonCursor message) throws SourceFormatException {
        if (message.isMissing() || !message.isObject()) {
            return message.isMissing() ? null : message.text();
        }
        JsonCursor root = message.has("text_node") ? message.field("text_node") : message;
        List<String> blocks = new ArrayList<>();
        for (JsonCursor block : root.field("content").array()) {
            StringBuilder text = new StringBuilder();
            collect(block, text);
            blocks.add(text.toString());
        }
        if (blocks.isEmpty()) {
            StringBuilder text = new StringBuilder();
            collect(root, text);
            return text.toString();
        }
        return String.join("\n\n", blocks);
    }

    private static void collect(JsonCursor node, StringBuilder out) throws SourceFormatException {
        if (!node.isObject()) {
            return;
        }
        String text = node.field("text").rawText();
        if (text != null) {
            out.append(text);
        }
        for (JsonCursor child : node.field("content").array()) {
            collect(child, out);
        }
    }
}
