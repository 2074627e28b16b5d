package dev.incidentmonitor.ingest.source;

import static dev.incidentmonitor.ingest.source.StatuspageParserTest.incident;
import static dev.incidentmonitor.ingest.source.StatuspageParserTest.update;
import static dev.incidentmonitor.ingest.source.TestBodies.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentIoParserTest {
    private static final String HOST = "status.example.test";
    private static final Instant OBSERVED = Instant.parse("2026-03-10T18:00:00Z");

    private static PageSnapshot parse(IncidentIoPoll poll) throws SourceFormatException {
        return IncidentIoParser.parse("example", poll, OBSERVED);
    }

    private static IncidentIoPoll proxy() {
        return IncidentIoPoll.ofProxy(
                HOST, resource("incidentio/proxy-summary.json"), resource("incidentio/proxy-incidents.json"));
    }

    @Test
    void shouldReadGroupsStatusesAndSkipHiddenComponentsWhenProxySummaryIsPresent() throws Exception {
        PageSnapshot snapshot = parse(proxy());

        assertThat(snapshot.pageId()).isEqualTo("01TESTPAGE0000000000000000");
        assertThat(snapshot.timeZone()).isNull();
        assertThat(snapshot.components())
                .extracting(
                        ComponentSnapshot::id,
                        ComponentSnapshot::name,
                        ComponentSnapshot::groupName,
                        ComponentSnapshot::status)
                .containsExactly(
                        tuple("01TESTCMPAPI0000000000000", "API", "Core", ComponentStatus.MAJOR_OUTAGE),
                        tuple("01TESTCMPCHAT000000000000", "ChatGPT", "Core", ComponentStatus.PARTIAL_OUTAGE),
                        tuple("01TESTCMPLOGIN00000000000", "Login", null, ComponentStatus.OPERATIONAL));
    }

    @Test
    void shouldMapFullOutageToMajorOutageWhenProxyIncidentSaysFullOutage() throws Exception {
        PageSnapshot snapshot = parse(proxy());

        IncidentSnapshot incident = incident(snapshot, "01TESTINCFULL00000000000");
        assertThat(incident.title()).isEqualTo("Voice mode unavailable");
        assertThat(incident.maintenance()).isFalse();
        assertThat(incident.impact()).isEqualTo(Impact.CRITICAL); // inferred: worst status full_outage
        assertThat(incident.url()).isEqualTo("https://status.example.test/incidents/01TESTINCFULL00000000000");
        assertThat(incident.components()).containsExactly(new ComponentRef("01TESTCMPCHAT000000000000", "ChatGPT"));
        assertThat(incident.updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(IncidentStatus.RESOLVED, IncidentStatus.INVESTIGATING);
        assertThat(update(incident, "01TESTUPDFULL1000000000").components())
                .containsExactly(new ComponentChange(
                        "01TESTCMPCHAT000000000000", "ChatGPT", null, ComponentStatus.MAJOR_OUTAGE));
        assertThat(update(incident, "01TESTUPDFULL1000000000").body())
                .isEqualTo("We\u2019re investigating.\n\nMore soon.");
    }

    @Test
    void shouldParseTimestampsWithZeroTwoOrThreeFractionalDigits() throws Exception {
        IncidentIoResult result = IncidentIoParser.parseWithImpacts("example", proxy(), OBSERVED);

        IncidentSnapshot incident = incident(result.snapshot(), "01TESTINCFULL00000000000");
        assertThat(incident.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.660Z"));
        assertThat(update(incident, "01TESTUPDFULL2000000000").displayAt())
                .isEqualTo(Instant.parse("2026-03-01T10:30:00.123Z"));
        assertThat(update(incident(result.snapshot(), "01TESTMNTDONE000000000000"), "01TESTUPDMNT3000000000000")
                        .displayAt())
                .isEqualTo(Instant.parse("2026-02-22T02:00:00Z"));
        assertThat(result.componentImpacts())
                .filteredOn(i -> "01TESTIMPFULL00000000000".equals(i.id()))
                .singleElement()
                .satisfies(i -> assertThat(i.endAt()).isEqualTo(Instant.parse("2026-03-01T10:20:05.200Z")));
    }

    @Test
    void shouldMapMaintenanceStatusesWhenTypeIsMaintenance() throws Exception {
        PageSnapshot snapshot = parse(proxy());

        IncidentSnapshot maintenance = incident(snapshot, "01TESTMNTDONE000000000000");
        assertThat(maintenance.maintenance()).isTrue();
        assertThat(maintenance.impact()).isEqualTo(Impact.MAINTENANCE);
        assertThat(maintenance.updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(IncidentStatus.COMPLETED, IncidentStatus.IN_PROGRESS, IncidentStatus.SCHEDULED);
        assertThat(update(maintenance, "01TESTUPDMNT2000000000000").components())
                .containsExactly(new ComponentChange(
                        "01TESTCMPLOGIN00000000000", "Login", null, ComponentStatus.UNDER_MAINTENANCE));
        IncidentSnapshot scheduled = incident(snapshot, "01TESTMNTSCHEDULED0000000");
        assertThat(scheduled.maintenance()).isTrue();
        assertThat(scheduled.updates()).extracting(UpdateSnapshot::status).containsExactly(IncidentStatus.SCHEDULED);
    }

    @Test
    void shouldReadRichTextMessageWhenMessageStringIsAbsent() throws Exception {
        PageSnapshot snapshot = parse(proxy());

        assertThat(update(incident(snapshot, "01TESTMNTSCHEDULED0000000"), "01TESTUPDMNTSCHEDULED0000")
                        .body())
                .isEqualTo("We will upgrade the database.\n\nExpect short logouts.");
    }

    @Test
    void shouldMapUnknownStatusToUnknownAndWarnWhenANewWordAppears() throws Exception {
        PageSnapshot snapshot = parse(proxy());

        IncidentSnapshot paused = incident(snapshot, "01TESTINCPAUSED000000000");
        assertThat(paused.updates()).extracting(UpdateSnapshot::status).containsExactly(IncidentStatus.UNKNOWN);
        assertThat(paused.components())
                .containsExactly(new ComponentRef("01TESTCMPRETIRED000000000", "01TESTCMPRETIRED000000000"));
        assertThat(snapshot.warnings())
                .containsExactly(
                        "/proxy/status.example.test/incidents $.incidents[2].status: unknown incident status 'paused'"
                                + " mapped to UNKNOWN (2 occurrences)",
                        "1 component id(s) named by incidents are not in the component catalogue (their id is used as"
                                + " name): 01TESTCMPRETIRED000000000");
    }

    @Test
    void shouldReturnImpactWindowsWithOpenEndWhenParsedWithImpacts() throws Exception {
        IncidentIoResult result = IncidentIoParser.parseWithImpacts("example", proxy(), OBSERVED);

        assertThat(result.componentImpacts())
                .extracting(
                        ComponentImpact::incidentId,
                        ComponentImpact::componentId,
                        ComponentImpact::status,
                        ComponentImpact::startAt,
                        ComponentImpact::endAt)
                .containsExactly(
                        tuple(
                                "01TESTINCFULL00000000000",
                                "01TESTCMPCHAT000000000000",
                                ComponentStatus.MAJOR_OUTAGE,
                                Instant.parse("2026-03-01T09:41:00Z"),
                                Instant.parse("2026-03-01T10:20:05.2Z")),
                        tuple(
                                "01TESTMNTDONE000000000000",
                                "01TESTCMPLOGIN00000000000",
                                ComponentStatus.UNDER_MAINTENANCE,
                                Instant.parse("2026-02-22T00:00:00Z"),
                                Instant.parse("2026-02-22T02:00:00Z")),
                        tuple(
                                "01TESTINCONGOING000000000",
                                "01TESTCMPAPI0000000000000",
                                ComponentStatus.MAJOR_OUTAGE,
                                Instant.parse("2026-03-10T16:50:00Z"),
                                null));
    }

    @Test
    void shouldFallBackToShimAndWarnWhenProxyIsMissing() throws Exception {
        PageSnapshot snapshot = parse(IncidentIoPoll.ofShim(
                HOST,
                resource("incidentio/shim-summary.json"),
                resource("incidentio/shim-components.json"),
                resource("incidentio/shim-incidents.json")));

        assertThat(snapshot.pageId()).isEqualTo("01TESTPAGE0000000000000000");
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::name, ComponentSnapshot::groupName, ComponentSnapshot::status)
                .containsExactly(
                        tuple("API", null, ComponentStatus.MAJOR_OUTAGE),
                        tuple("ChatGPT", null, ComponentStatus.PARTIAL_OUTAGE),
                        tuple("Login", null, ComponentStatus.OPERATIONAL));
        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactly("01TESTINCONGOING000000000", "01TESTINCFULL00000000000", "01TESTINCSHIMONLY0000000");
        assertThat(snapshot.incidents()).allSatisfy(i -> {
            assertThat(i.components()).isEmpty();
            assertThat(i.updates()).allSatisfy(u -> assertThat(u.components()).isEmpty());
        });
        assertThat(incident(snapshot, "01TESTINCFULL00000000000").impact()).isEqualTo(Impact.MAJOR);
        assertThat(snapshot.warnings())
                .containsExactly(
                        "incident.io /proxy/status.example.test not fetched: components and their statuses taken from"
                                + " the Statuspage-compatible shim /api/v2/components.json (no groups)",
                        "incident.io /proxy/status.example.test/incidents not fetched: incidents taken from the"
                                + " Statuspage-compatible shim /api/v2/incidents.json (25 newest, no component"
                                + " attribution)");
    }

    @Test
    void shouldWarnAboutTruncationWhenOnlyTheShimSummaryListsComponents() throws Exception {
        PageSnapshot snapshot =
                parse(IncidentIoPoll.ofShim(HOST, resource("incidentio/shim-summary.json"), null, null));

        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::id)
                .containsExactly("01TESTCMPAPI0000000000000");
        assertThat(snapshot.incidents()).extracting(IncidentSnapshot::id).containsExactly("01TESTINCONGOING000000000");
        assertThat(snapshot.warnings())
                .containsExactly("incident.io /proxy/status.example.test not fetched: components and their statuses"
                        + " taken from the Statuspage-compatible shim /api/v2/summary.json (no groups; the shim summary"
                        + " stops at 25 components, so later ones are missing)");
    }

    @Test
    void shouldFallBackToShimAndSayWhyWhenProxyIncidentsDrifted() throws Exception {
        PageSnapshot snapshot = parse(new IncidentIoPoll(
                HOST,
                resource("incidentio/proxy-summary.json"),
                resource("incidentio/proxy-incidents-missing-id.json"),
                null,
                null,
                resource("incidentio/shim-incidents.json")));

        // Components still come from /proxy; history from the shim, the ongoing incident from /proxy.
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::groupName)
                .containsExactly("Core", "Core", null);
        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactly(
                        "01TESTINCONGOING000000000",
                        "01TESTMNTSCHEDULED0000000",
                        "01TESTINCFULL00000000000",
                        "01TESTINCSHIMONLY0000000");
        assertThat(incident(snapshot, "01TESTINCFULL00000000000").components()).isEmpty();
        assertThat(snapshot.warnings())
                .containsExactly("incident.io /proxy/status.example.test/incidents did not parse"
                        + " (/proxy/status.example.test/incidents $.incidents[0].id: incident id is missing):"
                        + " incidents taken from the Statuspage-compatible shim /api/v2/incidents.json (25 newest, no"
                        + " component attribution)");
    }

    @Test
    void shouldThrowWhenProxyDriftedAndThePollHasNoShimBody() {
        IncidentIoPoll poll = IncidentIoPoll.ofProxy(
                HOST,
                resource("incidentio/proxy-summary.json"),
                resource("incidentio/proxy-incidents-missing-id.json"));

        assertThatThrownBy(() -> parse(poll)).isInstanceOfSatisfying(SourceFormatException.class, e -> {
            assertThat(e.endpoint()).isEqualTo("/proxy/status.example.test/incidents");
            assertThat(e.jsonPath()).isEqualTo("$.incidents[0].id");
        });
        assertThatThrownBy(() -> parse(IncidentIoPoll.ofProxy(HOST, "{\"page\":{}}", null)))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("/proxy/status.example.test $.summary: required object is missing (no summary envelope,"
                        + " no components or structure)");
    }

    @Test
    void shouldEnrichProxyIncidentFromShimWhenBothListIt() throws Exception {
        PageSnapshot snapshot = parse(new IncidentIoPoll(
                HOST,
                resource("incidentio/proxy-summary.json"),
                resource("incidentio/proxy-incidents.json"),
                resource("incidentio/shim-summary.json"),
                null,
                resource("incidentio/shim-incidents.json")));

        IncidentSnapshot merged = incident(snapshot, "01TESTINCFULL00000000000");
        assertThat(merged.impact()).isEqualTo(Impact.MAJOR); // recorded by the shim, not inferred
        assertThat(merged.updatedAt()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(merged.components()).containsExactly(new ComponentRef("01TESTCMPCHAT000000000000", "ChatGPT"));
        assertThat(merged.updates())
                .extracting(UpdateSnapshot::id)
                .containsExactly("01TESTUPDFULL2000000000", "01TESTUPDFULL1000000000", "01TESTUPDFULL1500000000");
        assertThat(incident(snapshot, "01TESTINCONGOING000000000").impact()).isEqualTo(Impact.MAJOR);
        assertThat(incident(snapshot, "01TESTINCONGOING000000000").updates()).hasSize(1);
        assertThat(snapshot.incidents()).extracting(IncidentSnapshot::id).endsWith("01TESTINCSHIMONLY0000000");
        assertThat(snapshot.warnings()).noneMatch(w -> w.contains("not fetched") || w.contains("did not parse"));
    }

    @Test
    void shouldReadTopLevelKeysAndWarnWhenTheSummaryEnvelopeIsMissing() throws Exception {
        String body = "{\"components\":[{\"id\":\"c1\",\"name\":\"API\"}],"
                + "\"affected_components\":[{\"component_id\":\"c1\",\"status\":\"degraded_performance\"}]}";

        PageSnapshot snapshot = parse(IncidentIoPoll.ofProxy(HOST, body, null));

        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::name, ComponentSnapshot::status)
                .containsExactly(tuple("API", ComponentStatus.DEGRADED_PERFORMANCE));
        assertThat(snapshot.warnings())
                .containsExactly("/proxy/status.example.test $: no summary envelope; read the keys at top level");
    }

    @Test
    void shouldReadEmptyObjectAsNoIncidentsAndWarn() throws Exception {
        PageSnapshot snapshot = parse(IncidentIoPoll.ofProxy(HOST, null, "{}"));

        assertThat(snapshot.incidents()).isEmpty();
        assertThat(snapshot.pageId()).isEqualTo("example");
        assertThat(snapshot.warnings())
                .containsExactly(
                        "/proxy/status.example.test/incidents $.incidents: no incidents key; read as no incidents");
    }

    @Test
    void shouldRejectAHostWithAPath() {
        assertThatThrownBy(() -> IncidentIoPoll.ofProxy("status.example.test/proxy", "{}", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
