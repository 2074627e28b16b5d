package dev.incidentmonitor.ingest.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.ingest.history.CsvRecords.CsvRecord;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one raw incident file of the study ({@code incident_history_<YYYYMM>_<YYYYMM>.csv}): one row per
 * incident, its updates a JSON list, newest first.
 */
final class IncidentFileReader {

    static final String TITLE = "Incident_Title";
    static final String LINK = "Incident_Link";
    static final String IMPACT = "Incident_Impact";
    static final String UPDATES = "Updates";
    static final String SERVICE = "Service";

    private static final List<String> REQUIRED = List.of(TITLE, LINK, IMPACT, UPDATES, SERVICE);

    /** Update titles as the history page prints them; Statuspage maintenances use the last four. */
    private static final Map<String, IncidentStatus> TITLES = Map.of(
            "investigating", IncidentStatus.INVESTIGATING,
            "identified", IncidentStatus.IDENTIFIED,
            "monitoring", IncidentStatus.MONITORING,
            "resolved", IncidentStatus.RESOLVED,
            "postmortem", IncidentStatus.POSTMORTEM,
            "update", IncidentStatus.UPDATE,
            "scheduled", IncidentStatus.SCHEDULED,
            "in progress", IncidentStatus.IN_PROGRESS,
            "verifying", IncidentStatus.VERIFYING,
            "completed", IncidentStatus.COMPLETED);

    private static final Map<String, Impact> IMPACTS = Map.of(
            "impact-none", Impact.NONE,
            "impact-minor", Impact.MINOR,
            "impact-major", Impact.MAJOR,
            "impact-critical", Impact.CRITICAL,
            "impact-maintenance", Impact.MAINTENANCE);

    /**
     * An incident read from one row.
     *
     * @param provider provider id
     * @param incident the incident
     * @param file the file it came from
     * @param line the line its row starts on
     */
    record Located(String provider, IncidentSnapshot incident, Path file, long line) {}

    /** A row that cannot be imported. */
    private static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(final String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final UpdateTimestamps timestamps;
    private final Set<String> knownNames;

    IncidentFileReader(final StudyCatalog catalog) {
        this.timestamps = new UpdateTimestamps(catalog.zone());
        this.knownNames = catalog.services().values().stream()
                .map(StudyCatalog.Service::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Reads the rows of one file.
     *
     * @return the number of data records read (skipped ones included)
     */
    int read(final Path file, final String text, final String provider, final ImportLog log, final List<Located> out) {
        final CsvTable table = CsvTable.read(file, text, REQUIRED, log);
        if (table == null) {
            return 0;
        }
        for (final CsvRecord row : table.rows()) {
            final String malformed = table.check(row);
            if (malformed != null) {
                log.problem(file, row.line(), malformed + "; row skipped");
                continue;
            }
            // Warnings count only for rows that are imported: a skipped row has its one problem.
            final List<String> warnings = new ArrayList<>();
            try {
                out.add(new Located(provider, incident(row, table, warnings), file, row.line()));
                warnings.forEach(w -> log.warning(file, row.line(), w));
            } catch (BadRow e) {
                log.problem(file, row.line(), e.getMessage() + "; row skipped");
            }
        }
        return table.rows().size();
    }

    private IncidentSnapshot incident(final CsvRecord row, final CsvTable table, final List<String> warnings)
            throws BadRow {
        final String link = table.get(row, LINK).strip();
        final String id = incidentId(link);
        final String title = table.get(row, TITLE).strip();

        final String impactText = table.get(row, IMPACT).strip().toLowerCase(Locale.ROOT);
        Impact impact = IMPACTS.get(impactText);
        if (impact == null) {
            warnings.add("incident " + id + ": unknown impact '" + impactText + "'; used UNKNOWN");
            impact = Impact.UNKNOWN;
        }

        final List<UpdateSnapshot> updates = updates(id, table.get(row, UPDATES), warnings);

        List<ComponentRef> components = List.of();
        try {
            components = AffectedServices.split(table.get(row, SERVICE), knownNames).stream()
                    .map(name -> new ComponentRef(StudyCatalog.componentId(name), name))
                    .toList();
        } catch (IllegalArgumentException e) {
            warnings.add("incident " + id + ": " + e.getMessage() + "; imported without components");
        }
        return new IncidentSnapshot(
                id, title, impact, impact == Impact.MAINTENANCE, components, link, null, null, updates);
    }

    /** The last path part of the incident link, without a query, fragment or trailing slash. */
    private static String incidentId(final String link) throws BadRow {
        if (link.isEmpty()) {
            throw new BadRow("missing " + LINK);
        }
        String path = link;
        final int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String id = path.substring(path.lastIndexOf('/') + 1);
        if (id.isEmpty() || !path.contains("/") || id.chars().anyMatch(Character::isWhitespace)) {
            throw new BadRow("no incident id in " + LINK + " '" + link + "'");
        }
        return id;
    }

    private static int indexOfAny(final String s, final char a, final char b) {
        final int i = s.indexOf(a);
        final int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /**
     * The updates, oldest first. The list in the file runs newest first, so the update at position {@code p} of
     * {@code n} gets index {@code n - 1 - p}: a newer update posted later is prepended to the list and leaves the
     * indexes (and ids) of the older ones as they were.
     */
    private List<UpdateSnapshot> updates(final String id, final String text, final List<String> warnings)
            throws BadRow {
        final JsonNode list;
        try {
            list = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRow("incident " + id + ": " + UPDATES + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (list == null || !list.isArray()) {
            throw new BadRow("incident " + id + ": " + UPDATES + " is not a JSON list");
        }
        if (list.isEmpty()) {
            throw new BadRow("incident " + id + ": " + UPDATES + " is empty, so the incident has no time");
        }
        final int n = list.size();
        final UpdateSnapshot[] oldestFirst = new UpdateSnapshot[n];
        for (int position = 0; position < n; position++) {
            final JsonNode u = list.get(position);
            final int index = n - 1 - position;
            final String where = "incident " + id + ", update " + (position + 1) + " of " + n + " (newest first)";
            if (!u.isObject()) {
                throw new BadRow(where + ": not a JSON object");
            }
            final String stamp = text(u, "Update_Timestamp");
            final UpdateTimestamps.Parsed time;
            try {
                time = timestamps.parse(stamp);
            } catch (IllegalArgumentException e) {
                throw new BadRow(where + ": " + e.getMessage());
            }
            if (time.warning() != null) {
                warnings.add(where + ": " + time.warning());
            }
            final String title = text(u, "Update_Title").strip();
            IncidentStatus status = TITLES.get(title.toLowerCase(Locale.ROOT));
            if (status == null) {
                warnings.add(where + ": unknown Update_Title '" + title + "'; used UNKNOWN");
                status = IncidentStatus.UNKNOWN;
            }
            oldestFirst[index] = new UpdateSnapshot(
                    id + "-u" + index, status, text(u, "Update_Body"), time.instant(), null, List.of());
        }
        return List.of(oldestFirst);
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
