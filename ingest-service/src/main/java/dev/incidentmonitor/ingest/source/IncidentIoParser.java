package dev.incidentmonitor.ingest.source;

import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.Impact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parses an incident.io status page (status.openai.com and others) into a {@link PageSnapshot}. Pure functions:
 * no HTTP, no state.
 *
 * <p>What comes from where (FORMAT.md is the fact sheet):
 *
 * <ul>
 *   <li>{@code /proxy/<host>}: page id, components ({@code components}, groups and hidden flags from
 *       {@code structure}), current statuses ({@code affected_components}; a component not listed is
 *       operational), open incidents ({@code ongoing_incidents}) and maintenances ({@code scheduled_maintenances});
 *   <li>{@code /proxy/<host>/incidents}: incident history with component attribution ({@code affected_components},
 *       {@code component_impacts}), updates ({@code to_status}, {@code published_at}, {@code message_string},
 *       {@code component_statuses}); maintenances are {@code type: maintenance} with {@code maintenance_*} statuses;
 *   <li>the Statuspage-compatible shim ({@code /api/v2/components.json}, {@code summary.json}, {@code incidents.json}):
 *       the fallback when a {@code /proxy} body is missing, failed or drifted (a warning says so: source health,
 *       not an outage); otherwise only a source of component names, of the recorded incident {@code impact}
 *       ({@code /proxy} has none) and of updates a {@code /proxy} list lacks.
 * </ul>
 *
 * <p>A {@code /proxy} body that does not parse is replaced by its shim counterpart when the poll holds one;
 * when it does not, the {@link SourceFormatException} is thrown so the poller can report it and fetch the shim.
 */
public final class IncidentIoParser {
    private IncidentIoParser() {}

    /**
     * Parses one poll.
     *
     * @param provider catalogue id of the provider
     * @param poll the fetched bodies; at least one must be present
     * @param observedAt when the poll read the page
     * @return the snapshot (time zone {@code null}: incident.io pages do not state one)
     * @throws SourceFormatException when a body needed for the snapshot is not JSON or lacks something required
     *     and no other body of the poll can stand in for it
     */
    public static PageSnapshot parse(String provider, IncidentIoPoll poll, Instant observedAt)
            throws SourceFormatException {
        return parseWithImpacts(provider, poll, observedAt).snapshot();
    }

    /**
     * Like {@link #parse}, also returning the {@code component_impacts} windows, the best outage intervals
     * incident.io gives (FORMAT.md §3.4), which {@link PageSnapshot} cannot carry yet.
     */
    public static IncidentIoResult parseWithImpacts(String provider, IncidentIoPoll poll, Instant observedAt)
            throws SourceFormatException {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(observedAt, "observedAt");
        if (poll.isEmpty()) {
            throw new IllegalArgumentException("poll of " + provider + " holds no body");
        }
        Warnings warnings = new Warnings();
        String host = poll.host();

        Attempt<StatuspageReader.Body> shimComponents = attempt(
                poll.shimComponents(),
                w -> StatuspageReader.read(poll.shimComponents(), StatuspageEndpoint.COMPONENTS, false, w),
                warnings);
        Attempt<StatuspageReader.Body> shimSummary = attempt(
                poll.shimSummary(),
                w -> StatuspageReader.read(poll.shimSummary(), StatuspageEndpoint.SUMMARY, false, w),
                warnings);
        Attempt<StatuspageReader.Body> shimIncidents = attempt(
                poll.shimIncidents(),
                w -> StatuspageReader.read(poll.shimIncidents(), StatuspageEndpoint.INCIDENTS, false, w),
                warnings);

        IncidentIoReader.Names names = new IncidentIoReader.Names();
        for (Attempt<StatuspageReader.Body> shim : List.of(shimComponents, shimSummary)) {
            if (shim.value() != null) {
                shim.value().components().stream()
                        .filter(c -> !c.group())
                        .forEach(c -> names.putIfAbsent(c.id(), c.name()));
            }
        }
        Attempt<IncidentIoReader.Summary> proxySummary = attempt(
                poll.proxySummary(),
                w -> IncidentIoReader.readSummary(poll.proxySummary(), poll.proxySummaryEndpoint(), host, names, w),
                warnings);
        Attempt<List<IncidentIoReader.Parsed>> proxyIncidents = attempt(
                poll.proxyIncidents(),
                w -> IncidentIoReader.readIncidents(
                        poll.proxyIncidents(), poll.proxyIncidentsEndpoint(), host, names, w),
                warnings);

        List<ComponentSnapshot> components = components(poll, proxySummary, shimComponents, shimSummary, warnings);
        List<IncidentIoReader.Parsed> proxyVersions = new ArrayList<>();
        if (proxyIncidents.value() != null) {
            proxyVersions.addAll(proxyIncidents.value());
        }
        if (proxySummary.value() != null) {
            proxyVersions.addAll(proxySummary.value().incidents());
        }
        List<IncidentSnapshot> shimVersions = shimIncidents(poll, proxyIncidents, shimIncidents, shimSummary, warnings);
        List<IncidentSnapshot> incidents = merge(proxyVersions, shimVersions, poll, warnings);

        for (Attempt<StatuspageReader.Body> shim : List.of(shimComponents, shimSummary, shimIncidents)) {
            if (shim.error() != null) {
                // Not needed (a /proxy body or another shim body stood in), else it would have been thrown.
                warnings.add("shim body ignored: " + shim.error().getMessage());
            }
        }
        List<String> unknown = names.unknown();
        if (!unknown.isEmpty() && !names.isEmpty()) {
            warnings.add(unknown.size() + " component id(s) named by incidents are not in the component catalogue "
                    + "(their id is used as name): "
                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size())))
                    + (unknown.size() > 5 ? ", ..." : ""));
        }

        PageSnapshot snapshot = new PageSnapshot(
                provider,
                pageId(provider, proxySummary, shimSummary, shimComponents, shimIncidents),
                null,
                components,
                incidents,
                observedAt,
                warnings.toList());
        return new IncidentIoResult(snapshot, impacts(proxyVersions));
    }

    private static List<ComponentSnapshot> components(
            IncidentIoPoll poll,
            Attempt<IncidentIoReader.Summary> proxySummary,
            Attempt<StatuspageReader.Body> shimComponents,
            Attempt<StatuspageReader.Body> shimSummary,
            Warnings warnings)
            throws SourceFormatException {
        if (proxySummary.value() != null) {
            return proxySummary.value().components();
        }
        if (shimComponents.value() == null && shimSummary.value() == null) {
            throwFirst(proxySummary, shimComponents, shimSummary);
            return List.of(); // nothing fetched for components: the poller's choice, not a failure
        }
        Map<StatuspageEndpoint, StatuspageReader.Body> bodies = new LinkedHashMap<>();
        String source;
        if (shimComponents.value() != null) {
            bodies.put(StatuspageEndpoint.COMPONENTS, shimComponents.value());
            source = StatuspageEndpoint.COMPONENTS.path() + " (no groups)";
        } else {
            source = StatuspageEndpoint.SUMMARY.path()
                    + " (no groups; the shim summary stops at 25 components, so later ones are missing)";
        }
        if (shimSummary.value() != null) {
            bodies.put(StatuspageEndpoint.SUMMARY, shimSummary.value());
        }
        warnings.add("incident.io " + poll.proxySummaryEndpoint() + " " + reason(proxySummary)
                + ": components and their statuses taken from the Statuspage-compatible shim " + source);
        return StatuspageParser.components(bodies);
    }

    private static List<IncidentSnapshot> shimIncidents(
            IncidentIoPoll poll,
            Attempt<List<IncidentIoReader.Parsed>> proxyIncidents,
            Attempt<StatuspageReader.Body> shimIncidents,
            Attempt<StatuspageReader.Body> shimSummary,
            Warnings warnings)
            throws SourceFormatException {
        if (proxyIncidents.value() == null) {
            if (shimIncidents.value() != null) {
                warnings.add("incident.io " + poll.proxyIncidentsEndpoint() + " " + reason(proxyIncidents)
                        + ": incidents taken from the Statuspage-compatible shim " + StatuspageEndpoint.INCIDENTS.path()
                        + " (25 newest, no component attribution)");
            } else {
                throwFirst(proxyIncidents, shimIncidents);
            }
        }
        List<IncidentSnapshot> out = new ArrayList<>();
        if (shimSummary.value() != null) {
            out.addAll(shimSummary.value().incidents());
        }
        if (shimIncidents.value() != null) {
            out.addAll(shimIncidents.value().incidents());
        }
        return out;
    }

    /**
     * One version per incident. A {@code /proxy} version (it carries attribution) is the base, the richest when
     * several; the shim's version of the same incident adds what {@code /proxy} lacks: the recorded
     * {@code impact}, {@code updated_at}, and updates whose ids the {@code /proxy} version does not list
     * (FORMAT.md §3.6 [R]: the ids are the same in both for OpenAI). Incidents only in the shim are kept as
     * they are, without attribution.
     */
    private static List<IncidentSnapshot> merge(
            List<IncidentIoReader.Parsed> proxyVersions,
            List<IncidentSnapshot> shimVersions,
            IncidentIoPoll poll,
            Warnings warnings) {
        Map<String, IncidentSnapshot> shimById = new LinkedHashMap<>();
        IncidentMerge.dedupe(shimVersions).forEach(i -> shimById.put(i.id(), i));
        List<IncidentSnapshot> out = new ArrayList<>();
        for (IncidentSnapshot proxy : IncidentMerge.dedupe(
                proxyVersions.stream().map(IncidentIoReader.Parsed::incident).toList())) {
            IncidentSnapshot shim = shimById.remove(proxy.id());
            out.add(shim == null ? proxy : enrich(proxy, shim, poll, warnings));
        }
        out.addAll(shimById.values());
        return out;
    }

    private static IncidentSnapshot enrich(
            IncidentSnapshot proxy, IncidentSnapshot shim, IncidentIoPoll poll, Warnings warnings) {
        Set<String> proxyUpdateIds = new HashSet<>();
        proxy.updates().forEach(u -> proxyUpdateIds.add(u.id()));
        List<UpdateSnapshot> extra = shim.updates().stream()
                .filter(u -> !proxyUpdateIds.contains(u.id()))
                .toList();
        List<UpdateSnapshot> updates = new ArrayList<>(proxy.updates());
        if (!proxy.updates().isEmpty() && extra.size() == shim.updates().size()) {
            // No update id in common: the shim numbers updates differently here (AIW's warning, FORMAT.md §9),
            // so adding its updates would double them.
            warnings.add("incident " + proxy.id() + ": no update id shared by " + poll.proxyIncidentsEndpoint()
                    + " and the shim; shim updates not merged");
        } else {
            updates.addAll(extra);
        }
        Impact impact = proxy.maintenance() || shim.impact() == Impact.UNKNOWN ? proxy.impact() : shim.impact();
        return new IncidentSnapshot(
                proxy.id(),
                proxy.title().isEmpty() ? shim.title() : proxy.title(),
                impact,
                proxy.maintenance() || shim.maintenance(),
                proxy.components(),
                proxy.url(),
                proxy.createdAt() == null ? shim.createdAt() : proxy.createdAt(),
                shim.updatedAt(),
                updates);
    }

    private static List<ComponentImpact> impacts(List<IncidentIoReader.Parsed> versions) {
        Map<String, ComponentImpact> byKey = new LinkedHashMap<>();
        for (IncidentIoReader.Parsed parsed : versions) {
            for (ComponentImpact impact : parsed.impacts()) {
                String key = impact.id() != null
                        ? impact.id()
                        : impact.incidentId() + "|" + impact.componentId() + "|" + impact.startAt();
                // A closed window is newer news than an open one with the same identity.
                byKey.merge(key, impact, (a, b) -> a.endAt() == null && b.endAt() != null ? b : a);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static String pageId(
            String provider,
            Attempt<IncidentIoReader.Summary> proxySummary,
            Attempt<StatuspageReader.Body> shimSummary,
            Attempt<StatuspageReader.Body> shimComponents,
            Attempt<StatuspageReader.Body> shimIncidents) {
        if (proxySummary.value() != null && proxySummary.value().pageId() != null) {
            return proxySummary.value().pageId();
        }
        for (Attempt<StatuspageReader.Body> shim : List.of(shimSummary, shimComponents, shimIncidents)) {
            if (shim.value() != null && shim.value().page().id() != null) {
                return shim.value().page().id();
            }
        }
        return provider;
    }

    private static String reason(Attempt<?> proxy) {
        return proxy.error() == null
                ? "not fetched"
                : "did not parse (" + proxy.error().getMessage() + ")";
    }

    /** Throws the first failure among {@code attempts}, the others attached as suppressed; returns if none failed. */
    private static void throwFirst(Attempt<?>... attempts) throws SourceFormatException {
        SourceFormatException first = null;
        for (Attempt<?> a : attempts) {
            if (a.error() != null) {
                if (first == null) {
                    first = a.error();
                } else {
                    first.addSuppressed(a.error());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A body read tentatively: its warnings count only if it parsed. */
    private record Attempt<T>(T value, SourceFormatException error) {}

    @FunctionalInterface
    private interface Reader<T> {
        T read(Warnings warnings) throws SourceFormatException;
    }

    private static <T> Attempt<T> attempt(String body, Reader<T> reader, Warnings warnings) {
        if (body == null) {
            return new Attempt<>(null, null);
        }
        Warnings tentative = new Warnings();
        try {
            T value = reader.read(tentative);
            warnings.addAll(tentative);
            return new Attempt<>(value, null);
        } catch (SourceFormatException e) {
            return new Attempt<>(null, e);
        }
    }
}
