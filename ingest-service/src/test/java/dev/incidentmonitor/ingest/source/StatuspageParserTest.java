package dev.incidentmonitor.ingest.source;

import static dev.incidentmonitor.ingest.source.TestBodies.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class StatuspageParserTest {
    private static final Instant OBSERVED = Instant.parse("2026-03-10T18:00:00Z");

    private static PageSnapshot parse(StatuspagePoll poll) throws SourceFormatException {
        return StatuspageParser.parse("example", poll, OBSERVED);
    }

    private static StatuspagePoll incidentsOnly(String body) {
        return new StatuspagePoll(null, null, body, null, null);
    }

    static IncidentSnapshot incident(PageSnapshot snapshot, String id) {
        return snapshot.incidents().stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no incident " + id));
    }

    static UpdateSnapshot update(IncidentSnapshot incident, String id) {
        return incident.updates().stream()
                .filter(u -> u.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no update " + id));
    }

    @Test
    void shouldReadPageAndSkipGroupsWhenSummaryHasGroups() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        assertThat(snapshot.provider()).isEqualTo("example");
        assertThat(snapshot.pageId()).isEqualTo("pg000000test");
        assertThat(snapshot.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(snapshot.observedAt()).isEqualTo(OBSERVED);
        assertThat(snapshot.components())
                .extracting(
                        ComponentSnapshot::id,
                        ComponentSnapshot::name,
                        ComponentSnapshot::groupName,
                        ComponentSnapshot::status)
                .containsExactly(
                        tuple("cmp00000chat", "Chat Completions", "API", ComponentStatus.PARTIAL_OUTAGE),
                        tuple("cmp0000image", "Images", "API", ComponentStatus.UNDER_MAINTENANCE),
                        tuple("cmp00000site", "Website", null, ComponentStatus.OPERATIONAL));
        assertThat(snapshot.components().get(1).updatedAt()).isEqualTo(Instant.parse("2026-03-10T16:00:00.123Z"));
        assertThat(snapshot.warnings()).isEmpty();
    }

    @Test
    void shouldUseDisplayAtWhenPresentAndCreatedAtWhenDisplayAtIsNullOrAbsent() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        UpdateSnapshot backDated = update(incident(snapshot, "inc000000one"), "upd00000one");
        assertThat(backDated.displayAt()).isEqualTo(Instant.parse("2026-03-10T16:45:00Z"));
        assertThat(backDated.createdAt()).isEqualTo(Instant.parse("2026-03-10T17:00:30Z"));
        IncidentSnapshot maintenance = incident(snapshot, "mnt00000one");
        assertThat(update(maintenance, "updmnt00002").displayAt()).isEqualTo(Instant.parse("2026-03-10T16:00:00.123Z"));
        assertThat(update(maintenance, "updmnt00001").displayAt()).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
    }

    @Test
    void shouldReadIncidentAndItsComponentTransitionsWhenSummaryHasAnOpenIncident() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        IncidentSnapshot incident = incident(snapshot, "inc000000one");
        assertThat(incident.title()).isEqualTo("Elevated errors on Chat Completions");
        assertThat(incident.impact()).isEqualTo(Impact.MAJOR);
        assertThat(incident.maintenance()).isFalse();
        assertThat(incident.url()).isEqualTo("https://stspg.io/example1");
        assertThat(incident.createdAt()).isEqualTo(Instant.parse("2026-03-10T16:58:00Z"));
        assertThat(incident.components())
                .extracting(c -> c.id() + "=" + c.name())
                .containsExactly("cmp00000chat=Chat Completions");
        assertThat(incident.updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(IncidentStatus.IDENTIFIED, IncidentStatus.INVESTIGATING);
        assertThat(update(incident, "upd00000one").components())
                .containsExactly(new ComponentChange(
                        "cmp00000chat",
                        "Chat Completions",
                        ComponentStatus.OPERATIONAL,
                        ComponentStatus.PARTIAL_OUTAGE));
        assertThat(update(incident, "upd00000one").body()).isEqualTo("We are investigating elevated errors.");
    }

    @Test
    void shouldReadNoComponentsWhenAffectedComponentsIsNull() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        assertThat(update(incident(snapshot, "inc000000one"), "upd00000two").components())
                .isEmpty();
        assertThat(update(incident(snapshot, "mnt00000one"), "updmnt00001").components())
                .isEmpty();
    }

    @Test
    void shouldMarkMaintenanceWhenListedUnderScheduledMaintenances() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        IncidentSnapshot maintenance = incident(snapshot, "mnt00000one");
        assertThat(maintenance.maintenance()).isTrue();
        assertThat(maintenance.impact()).isEqualTo(Impact.MAINTENANCE);
        assertThat(maintenance.updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(IncidentStatus.IN_PROGRESS, IncidentStatus.SCHEDULED);
        assertThat(update(maintenance, "updmnt00002").components())
                .containsExactly(new ComponentChange(
                        "cmp0000image", "Images", ComponentStatus.OPERATIONAL, ComponentStatus.UNDER_MAINTENANCE));
    }

    @Test
    void shouldPreferComponentsJsonAndKeepSummaryOnlyComponentsWhenBothArePolled() throws Exception {
        PageSnapshot snapshot = parse(new StatuspagePoll(
                resource("statuspage/summary-groups.json"),
                resource("statuspage/components-only.json"),
                null,
                null,
                null));

        assertThat(snapshot.components())
                .extracting(
                        ComponentSnapshot::id,
                        ComponentSnapshot::name,
                        ComponentSnapshot::groupName,
                        ComponentSnapshot::status)
                .containsExactly(
                        tuple(
                                "cmp00000chat",
                                "Chat Completions (renamed)",
                                "API",
                                ComponentStatus.DEGRADED_PERFORMANCE),
                        tuple("cmp0000audio", "Audio", "API", ComponentStatus.OPERATIONAL),
                        tuple("cmp0000image", "Images", "API", ComponentStatus.UNDER_MAINTENANCE),
                        tuple("cmp00000site", "Website", null, ComponentStatus.OPERATIONAL));
        assertThat(snapshot.components().get(0).updatedAt()).isEqualTo(Instant.parse("2026-03-10T17:30:00Z"));
    }

    @Test
    void shouldKeepTheVersionWithMostUpdatesWhenEndpointsRepeatAnIncident() throws Exception {
        PageSnapshot snapshot = parse(new StatuspagePoll(
                resource("statuspage/summary-groups.json"),
                null,
                resource("statuspage/incidents-dedupe.json"),
                null,
                null));

        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactly("inc000000one", "mnt00000one", "inc000000old");
        IncidentSnapshot merged = incident(snapshot, "inc000000one");
        assertThat(merged.updates())
                .extracting(UpdateSnapshot::id)
                .containsExactly("upd0000three", "upd00000two", "upd00000one");
        assertThat(merged.updatedAt()).isEqualTo(Instant.parse("2026-03-10T18:10:00Z"));
        assertThat(incident(snapshot, "inc000000old").updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(IncidentStatus.POSTMORTEM, IncidentStatus.RESOLVED);
    }

    @Test
    void shouldKeepTheLaterVersionWhenUpdateCountsTie() throws Exception {
        String older = "{\"incidents\":[{\"id\":\"i1\",\"name\":\"Old title\",\"impact\":\"minor\","
                + "\"updated_at\":\"2026-03-10T17:00:00Z\",\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\","
                + "\"created_at\":\"2026-03-10T17:00:00Z\"}]}]}";
        String newer = older.replace("Old title", "New title")
                .replace("\"updated_at\":\"2026-03-10T17:00:00Z\"", "\"updated_at\":\"2026-03-10T17:30:00Z\"");

        PageSnapshot snapshot = parse(new StatuspagePoll(null, null, newer, older, null));

        assertThat(snapshot.incidents()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("New title");
            assertThat(i.updatedAt()).isEqualTo(Instant.parse("2026-03-10T17:30:00Z"));
        });
    }

    @Test
    void shouldMapUnknownWordsToUnknownAndWarnWhenVocabularyDrifts() throws Exception {
        PageSnapshot snapshot = parse(incidentsOnly(resource("statuspage/incidents-unknown-words.json")));

        IncidentSnapshot incident = incident(snapshot, "inc00unknown");
        assertThat(incident.impact()).isEqualTo(Impact.UNKNOWN);
        assertThat(incident.updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(IncidentStatus.UNKNOWN, IncidentStatus.UNKNOWN);
        assertThat(update(incident, "updunknown02").components())
                .containsExactly(new ComponentChange(
                        "cmp00000chat", "Chat Completions", ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.UNKNOWN));
        assertThat(snapshot.warnings())
                .containsExactly(
                        "/api/v2/incidents.json $.incidents[0].impact: unknown impact 'catastrophic' mapped to UNKNOWN",
                        "/api/v2/incidents.json $.incidents[0].incident_updates[0].status: unknown incident status"
                                + " 'escalated' mapped to UNKNOWN (2 occurrences)",
                        "/api/v2/incidents.json $.incidents[0].incident_updates[0].affected_components[0].new_status:"
                                + " unknown component status 'on_fire' mapped to UNKNOWN");
    }

    @Test
    void shouldThrowNamingEndpointAndPathWhenIncidentHasNoId() {
        assertThatThrownBy(() -> parse(incidentsOnly(resource("statuspage/incidents-missing-id.json"))))
                .isInstanceOfSatisfying(SourceFormatException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo("/api/v2/incidents.json");
                    assertThat(e.jsonPath()).isEqualTo("$.incidents[1].id");
                    assertThat(e).hasMessage("/api/v2/incidents.json $.incidents[1].id: incident id is missing");
                });
    }

    @Test
    void shouldThrowNamingPathWhenUpdateHasNoStatus() {
        assertThatThrownBy(() -> parse(new StatuspagePoll(
                        null, null, null, resource("statuspage/incidents-update-without-status.json"), null)))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/incidents/unresolved.json $.incidents[0].incident_updates[0].status:"
                        + " update status is missing");
    }

    @Test
    void shouldThrowNamingPathWhenUpdateHasNoTime() {
        assertThatThrownBy(() -> parse(incidentsOnly(resource("statuspage/incidents-update-without-time.json"))))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/incidents.json $.incidents[0].incident_updates[0].display_at:"
                        + " update has neither display_at nor created_at");
    }

    @Test
    void shouldThrowWhenTimestampIsNotIso() {
        String body = "{\"incidents\":[{\"id\":\"i1\",\"impact\":\"minor\",\"incident_updates\":[{\"id\":\"u1\","
                + "\"status\":\"resolved\",\"display_at\":\"10/03/2026 17:00\"}]}]}";

        assertThatThrownBy(() -> parse(incidentsOnly(body)))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/incidents.json $.incidents[0].incident_updates[0].display_at:"
                        + " not an ISO-8601 instant: '10/03/2026 17:00'");
    }

    @Test
    void shouldThrowNamingEndpointWhenBodyIsNotJson() {
        assertThatThrownBy(() -> parse(incidentsOnly(resource("statuspage/incidents-truncated.json"))))
                .isInstanceOfSatisfying(SourceFormatException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo("/api/v2/incidents.json");
                    assertThat(e.jsonPath()).isEqualTo("$");
                    assertThat(e.getMessage()).startsWith("/api/v2/incidents.json $: invalid JSON at line 1");
                });
        assertThatThrownBy(() -> parse(StatuspagePoll.ofSummary("<html><body>404</body></html>")))
                .isInstanceOf(SourceFormatException.class)
                .hasMessageStartingWith("/api/v2/summary.json $: invalid JSON");
        assertThatThrownBy(() -> parse(StatuspagePoll.ofSummary("[]")))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/summary.json $: expected an object, found array");
        assertThatThrownBy(() -> parse(StatuspagePoll.ofSummary(" ")))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/summary.json $: empty body");
    }

    @Test
    void shouldThrowWhenEndpointLacksItsList() {
        assertThatThrownBy(() -> parse(incidentsOnly("{\"page\":{\"id\":\"p\"}}")))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/incidents.json $.incidents: required array is missing");
        assertThatThrownBy(() -> parse(incidentsOnly("{\"incidents\":{}}")))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/api/v2/incidents.json $.incidents: expected an array, found object");
    }

    @Test
    void shouldLetThePollerDropTheFailedBodyWhenOneEndpointFails() throws Exception {
        StatuspagePoll poll = new StatuspagePoll(
                resource("statuspage/summary-groups.json"),
                null,
                resource("statuspage/incidents-truncated.json"),
                null,
                null);

        SourceFormatException failure = null;
        try {
            parse(poll);
        } catch (SourceFormatException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        StatuspageEndpoint failed =
                StatuspageEndpoint.fromPath(failure.endpoint()).orElseThrow();
        assertThat(failed).isEqualTo(StatuspageEndpoint.INCIDENTS);
        PageSnapshot rest = parse(poll.without(failed));
        assertThat(rest.incidents()).extracting(IncidentSnapshot::id).containsExactly("inc000000one", "mnt00000one");
    }

    @Test
    void shouldWarnAndLeaveZoneUnsetWhenTimeZoneIsMissingOrUnknown() throws Exception {
        PageSnapshot missing = parse(StatuspagePoll.ofSummary("{\"page\":{\"id\":\"p1\"},\"components\":[]}"));
        PageSnapshot unknown = parse(StatuspagePoll.ofSummary(
                "{\"page\":{\"id\":\"p1\",\"time_zone\":\"Mars/Olympus\"},\"components\":[]}"));

        assertThat(missing.timeZone()).isNull();
        assertThat(missing.warnings()).containsExactly("/api/v2/summary.json $.page.time_zone: page has no time_zone");
        assertThat(unknown.timeZone()).isNull();
        assertThat(unknown.warnings())
                .containsExactly("/api/v2/summary.json $.page.time_zone: unknown time zone 'Mars/Olympus'; ignored");
    }

    @Test
    void shouldUseProviderAsPageIdAndWarnWhenPageIsAbsentAndComponentsLackIds() throws Exception {
        PageSnapshot snapshot = parse(
                StatuspagePoll.ofSummary(
                        "{\"components\":[{\"name\":\"No id\",\"status\":\"operational\"},{\"id\":\"c1\",\"status\":\"operational\"}]}"));

        assertThat(snapshot.pageId()).isEqualTo("example");
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::id, ComponentSnapshot::name)
                .containsExactly(tuple("c1", "c1"));
        assertThat(snapshot.warnings())
                .containsExactly("/api/v2/summary.json $.components[0].id: component without id dropped");
    }

    @Test
    void shouldRejectAnEmptyPoll() {
        assertThatThrownBy(() -> parse(new StatuspagePoll(null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("poll of example holds no body");
    }

    @Test
    void shouldParseA300KilobyteIncidentsBodyInMilliseconds() throws Exception {
        String body = LargeBodies.statuspageIncidents(300_000);
        assertThat(body.length()).isGreaterThanOrEqualTo(300_000);
        for (int i = 0; i < 20; i++) { // warm-up: JIT, class loading
            parse(incidentsOnly(body));
        }
        long best = Long.MAX_VALUE;
        PageSnapshot snapshot = null;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            snapshot = parse(incidentsOnly(body));
            best = Math.min(best, System.nanoTime() - start);
        }

        assertThat(snapshot.incidents()).hasSize(LargeBodies.incidentCount(body));
        // A few ms on a laptop; the bound is loose for slow CI machines but still catches a quadratic parse.
        assertThat(best / 1_000_000).as("best of 10 parses, ms").isLessThan(50);
    }
}
