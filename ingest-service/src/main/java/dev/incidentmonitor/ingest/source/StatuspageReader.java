package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Statuspage v2 body (Atlassian, or incident.io's Statuspage-compatible shim) into its parts, one
 * pass over the JSON tree. Merging the bodies of a poll is {@link StatuspageParser}'s job.
 */
final class StatuspageReader {
    private StatuspageReader() {}

    /** The {@code page} object; {@code timeZone} is {@code null} when absent or invalid. */
    record Page(String id, ZoneId timeZone) {}

    /** A component or a group ({@code group: true}) as listed. */
    record Component(
            String id, String name, String groupId, boolean group, ComponentStatus status, Instant updatedAt) {}

    /** What one body holds; absent parts are empty. */
    record Body(Page page, List<Component> components, List<IncidentSnapshot> incidents) {}

    /**
     * Reads {@code body} as returned by {@code endpoint}.
     *
     * @param expectTimeZone whether a missing {@code page.time_zone} is drift (Atlassian) or normal (the shim)
     */
    static Body read(String body, StatuspageEndpoint endpoint, boolean expectTimeZone, Warnings warnings)
            throws SourceFormatException {
        JsonCursor root = JsonCursor.parse(body, endpoint.path());
        Page page = page(root.field("page"), expectTimeZone, warnings);
        List<Component> components = new ArrayList<>();
        List<IncidentSnapshot> incidents = new ArrayList<>();
        switch (endpoint) {
            case SUMMARY -> {
                JsonCursor list = root.field("components");
                if (list.isMissing()) {
                    warnings.add(endpoint.path(), list.path(), "no components listed");
                }
                components(list.array(), components, warnings);
                // The shim leaves out "incidents" when nothing is open (recorded), so absence is normal.
                incidents(root.field("incidents").array(), false, incidents, warnings);
                incidents(root.field("scheduled_maintenances").array(), true, incidents, warnings);
            }
            case COMPONENTS -> components(root.field("components").requiredArray(), components, warnings);
            case INCIDENTS, UNRESOLVED ->
                incidents(root.field("incidents").requiredArray(), false, incidents, warnings);
            case SCHEDULED_MAINTENANCES ->
                incidents(root.field("scheduled_maintenances").requiredArray(), true, incidents, warnings);
        }
        return new Body(page, components, incidents);
    }

    private static Page page(JsonCursor page, boolean expectTimeZone, Warnings warnings) throws SourceFormatException {
        if (page.isMissing()) {
            return new Page(null, null);
        }
        page.requireObject();
        JsonCursor zoneField = page.field("time_zone");
        String zone = zoneField.text();
        ZoneId timeZone = null;
        if (zone == null) {
            if (expectTimeZone) {
                warnings.add(page.endpoint(), zoneField.path(), "page has no time_zone");
            }
        } else {
            try {
                timeZone = ZoneId.of(zone);
            } catch (DateTimeException e) {
                warnings.add(page.endpoint(), zoneField.path(), "unknown time zone '" + zone + "'; ignored");
            }
        }
        return new Page(page.field("id").text(), timeZone);
    }

    private static void components(List<JsonCursor> list, List<Component> out, Warnings warnings)
            throws SourceFormatException {
        for (JsonCursor c : list) {
            c.requireObject();
            String id = c.field("id").text();
            if (id == null) {
                warnings.add(c.endpoint(), c.path() + ".id", "component without id dropped");
                continue;
            }
            boolean group = c.field("group").bool();
            ComponentStatus status = c.field("status")
                    .vocabulary(StatusWords.COMPONENT_STATUS, ComponentStatus.UNKNOWN, "component status", warnings);
            if (status == null) {
                if (!group) {
                    warnings.add(c.endpoint(), c.path() + ".status", "component without status taken as UNKNOWN");
                }
                status = ComponentStatus.UNKNOWN;
            }
            out.add(new Component(
                    id,
                    nameOr(c.field("name").text(), id),
                    c.field("group_id").text(),
                    group,
                    status,
                    c.field("updated_at").lenientInstant(warnings)));
        }
    }

    private static void incidents(
            List<JsonCursor> list, boolean maintenanceList, List<IncidentSnapshot> out, Warnings warnings)
            throws SourceFormatException {
        for (JsonCursor c : list) {
            out.add(incident(c.requireObject(), maintenanceList, warnings));
        }
    }

    private static IncidentSnapshot incident(JsonCursor c, boolean maintenanceList, Warnings warnings)
            throws SourceFormatException {
        String id = c.field("id").requiredText("incident id");
        Impact impact = c.field("impact").vocabulary(StatusWords.IMPACT, Impact.UNKNOWN, "impact", warnings);
        if (impact == null) {
            impact = maintenanceList ? Impact.MAINTENANCE : Impact.UNKNOWN;
            if (!maintenanceList) {
                warnings.add(c.endpoint(), c.path() + ".impact", "incident without impact taken as UNKNOWN");
            }
        }
        boolean maintenance = maintenanceList
                || impact == Impact.MAINTENANCE
                || !c.field("scheduled_for").isMissing();

        List<ComponentRef> components = new ArrayList<>();
        for (JsonCursor comp : c.field("components").array()) {
            String compId = comp.requireObject().field("id").text();
            if (compId == null) {
                warnings.add(comp.endpoint(), comp.path() + ".id", "incident component without id dropped");
                continue;
            }
            components.add(new ComponentRef(compId, nameOr(comp.field("name").text(), compId)));
        }

        JsonCursor updateList = c.field("incident_updates");
        if (updateList.isMissing()) {
            warnings.add(c.endpoint(), updateList.path(), "incident without incident_updates");
        }
        List<UpdateSnapshot> updates = new ArrayList<>();
        for (JsonCursor u : updateList.array()) {
            updates.add(update(u.requireObject(), warnings));
        }
        return new IncidentSnapshot(
                id,
                c.field("name").text(),
                impact,
                maintenance,
                components,
                c.field("shortlink").text(),
                c.field("created_at").lenientInstant(warnings),
                c.field("updated_at").lenientInstant(warnings),
                updates);
    }

    private static UpdateSnapshot update(JsonCursor u, Warnings warnings) throws SourceFormatException {
        String id = u.field("id").requiredText("update id");
        JsonCursor statusField = u.field("status");
        IncidentStatus status = statusField.vocabulary(
                StatusWords.STATUSPAGE_STATUS, IncidentStatus.UNKNOWN, "incident status", warnings);
        if (status == null) {
            throw statusField.error("update status is missing");
        }
        Instant createdAt = u.field("created_at").instant();
        Instant displayAt = u.field("display_at").instant();
        if (displayAt == null) {
            displayAt = createdAt;
        }
        if (displayAt == null) {
            throw u.field("display_at").error("update has neither display_at nor created_at");
        }
        List<ComponentChange> changes = new ArrayList<>();
        // affected_components is null on many updates (recorded: anthropic t33dncr5ydvl, github r3x7x31k7nn1).
        for (JsonCursor a : u.field("affected_components").array()) {
            String code = a.requireObject().field("code").text();
            if (code == null) {
                warnings.add(a.endpoint(), a.path() + ".code", "affected component without code dropped");
                continue;
            }
            changes.add(new ComponentChange(
                    code,
                    nameOr(a.field("name").text(), code),
                    componentStatus(a.field("old_status"), warnings),
                    componentStatus(a.field("new_status"), warnings)));
        }
        return new UpdateSnapshot(id, status, u.field("body").text(), displayAt, createdAt, changes);
    }

    static ComponentStatus componentStatus(JsonCursor field, Warnings warnings) throws SourceFormatException {
        return field.vocabulary(StatusWords.COMPONENT_STATUS, ComponentStatus.UNKNOWN, "component status", warnings);
    }

    static String nameOr(String name, String id) {
        return name == null ? id : name;
    }
}
