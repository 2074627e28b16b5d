package dev.incidentmonitor.ingest.source;

import static dev.incidentmonitor.ingest.source.StatuspageParserTest.incident;
import static dev.incidentmonitor.ingest.source.StatuspageParserTest.update;
import static dev.incidentmonitor.ingest.source.TestBodies.sharedFixture;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The Statuspage parser against the recorded responses in {@code <shared>/fixtures/statuspage/}. */
class StatuspageFixturesTest {
    private static final Instant OBSERVED = Instant.parse("2026-10-07T23:45:00Z");

    private static PageSnapshot parse(StatuspagePoll poll) throws SourceFormatException {
        return StatuspageParser.parse("anthropic", poll, OBSERVED);
    }

    /** The changes of one component across an incident's updates, oldest update first. */
    private static List<ComponentChange> walk(IncidentSnapshot incident, String componentId) {
        return incident.updates().stream()
                .sorted(Comparator.comparing(UpdateSnapshot::displayAt))
                .flatMap(u -> u.components().stream())
                .filter(c -> c.componentId().equals(componentId))
                .toList();
    }

    @Test
    void shouldReadTimeZoneAndTheMonitoringIncidentWhenAnthropicSummaryHasOneOpenIncident() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(
                sharedFixture("statuspage/anthropic_summary_2026-10-07_incident-monitoring.json")));

        assertThat(snapshot.pageId()).isEqualTo("tymt9n04zgry");
        assertThat(snapshot.timeZone()).isEqualTo(ZoneId.of("Etc/UTC"));
        assertThat(snapshot.warnings()).isEmpty();
        assertThat(snapshot.components()).hasSize(6);
        assertThat(snapshot.components())
                .filteredOn(c -> c.status() != ComponentStatus.OPERATIONAL)
                .extracting(ComponentSnapshot::id, ComponentSnapshot::name, ComponentSnapshot::status)
                .containsExactly(tuple(
                        "0qbwn08sd68x", "Claude Console (platform.claude.com)", ComponentStatus.DEGRADED_PERFORMANCE));

        IncidentSnapshot incident = snapshot.incidents().get(0);
        assertThat(snapshot.incidents()).hasSize(1);
        assertThat(incident.id()).isEqualTo("978mjkgw6mh7");
        assertThat(incident.impact()).isEqualTo(Impact.MAJOR);
        assertThat(incident.updates()).hasSize(4);
        assertThat(incident.updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(
                        IncidentStatus.MONITORING,
                        IncidentStatus.IDENTIFIED,
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.INVESTIGATING);
        assertThat(ResolutionCheck.openIncidentIds(snapshot)).containsExactly("978mjkgw6mh7");
        assertThat(walk(incident, "0qbwn08sd68x"))
                .extracting(ComponentChange::oldStatus, ComponentChange::newStatus)
                .containsExactly(
                        tuple(ComponentStatus.OPERATIONAL, ComponentStatus.PARTIAL_OUTAGE),
                        tuple(ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.PARTIAL_OUTAGE),
                        tuple(ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.PARTIAL_OUTAGE),
                        tuple(ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.DEGRADED_PERFORMANCE));
        assertThat(update(incident, "c56sq7q6flhm").displayAt()).isEqualTo(Instant.parse("2026-10-07T13:25:04.271Z"));
    }

    @Test
    void shouldReadMultiComponentIncidentsAndNullAffectedComponentsWhenAnthropicIncidentsAreParsed() throws Exception {
        PageSnapshot snapshot = parse(new StatuspagePoll(
                null, null, sharedFixture("statuspage/anthropic_incidents_2026-09-15_first-4-of-50.json"), null, null));

        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactly("6304r9jjhj34", "r1pqn1kb4hvk", "t33dncr5ydvl", "2pt83vlkk7x7");
        assertThat(snapshot.warnings()).isEmpty();
        assertThat(incident(snapshot, "6304r9jjhj34").components())
                .extracting(ComponentRef::id)
                .containsExactly("rwppv331jlwc", "k8w3r06qmzrp", "yyzkbfz2thpt", "bpp5gb3hpjcl");

        IncidentSnapshot t33 = incident(snapshot, "t33dncr5ydvl");
        assertThat(update(t33, "mszy2kjgyb9m").status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(update(t33, "mszy2kjgyb9m").components()).isEmpty();
        assertThat(update(t33, "j7gh1zyn0zvn").components())
                .extracting(ComponentChange::name, ComponentChange::oldStatus, ComponentChange::newStatus)
                .containsExactly(
                        tuple("claude.ai", ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.OPERATIONAL),
                        tuple(
                                "Claude API (api.anthropic.com)",
                                ComponentStatus.PARTIAL_OUTAGE,
                                ComponentStatus.OPERATIONAL),
                        tuple("Claude Code", ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.OPERATIONAL),
                        tuple("Claude Cowork", ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.PARTIAL_OUTAGE));
        assertThat(update(incident(snapshot, "2pt83vlkk7x7"), "p835rv6hxnw8").components())
                .contains(new ComponentChange(
                        "bpp5gb3hpjcl",
                        "Claude Cowork",
                        ComponentStatus.DEGRADED_PERFORMANCE,
                        ComponentStatus.DEGRADED_PERFORMANCE));
        UpdateSnapshot backDated = update(incident(snapshot, "r1pqn1kb4hvk"), "66mdw18dd63d");
        assertThat(backDated.displayAt()).isEqualTo(Instant.parse("2026-09-10T15:54:10.000Z"));
        assertThat(backDated.createdAt()).isEqualTo(Instant.parse("2026-09-10T15:54:10.200Z"));
        assertThat(ResolutionCheck.openIncidentIds(snapshot)).isEmpty();
    }

    @Test
    void shouldMatchRenamedComponentByIdWhenMaintenanceUpdatesUseTheOldName() throws Exception {
        PageSnapshot snapshot = parse(new StatuspagePoll(
                null, null, null, null, sharedFixture("statuspage/anthropic_scheduled-maintenances_2026-09-15.json")));

        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactly("x017628t2rl5", "16z0qdmy3qv2");
        assertThat(snapshot.incidents()).allSatisfy(m -> {
            assertThat(m.maintenance()).isTrue();
            assertThat(m.impact()).isEqualTo(Impact.MAINTENANCE);
        });
        assertThat(incident(snapshot, "x017628t2rl5").updates())
                .extracting(UpdateSnapshot::status)
                .containsExactly(
                        IncidentStatus.COMPLETED,
                        IncidentStatus.VERIFYING,
                        IncidentStatus.IN_PROGRESS,
                        IncidentStatus.SCHEDULED);

        IncidentSnapshot renamed = incident(snapshot, "16z0qdmy3qv2");
        assertThat(renamed.components())
                .contains(new ComponentRef("0qbwn08sd68x", "Claude Console (platform.claude.com)"));
        assertThat(update(renamed, "mgy6x1vplj2c").components())
                .containsExactly(
                        new ComponentChange(
                                "rwppv331jlwc",
                                "claude.ai",
                                ComponentStatus.OPERATIONAL,
                                ComponentStatus.UNDER_MAINTENANCE),
                        new ComponentChange(
                                "0qbwn08sd68x",
                                "console.anthropic.com",
                                ComponentStatus.OPERATIONAL,
                                ComponentStatus.UNDER_MAINTENANCE));
        assertThat(update(renamed, "qp1t5kznmp7n").components())
                .extracting(ComponentChange::componentId, ComponentChange::oldStatus, ComponentChange::newStatus)
                .containsExactly(
                        tuple("rwppv331jlwc", ComponentStatus.UNDER_MAINTENANCE, ComponentStatus.OPERATIONAL),
                        tuple("0qbwn08sd68x", ComponentStatus.UNDER_MAINTENANCE, ComponentStatus.OPERATIONAL));
    }

    @Test
    void shouldWalkActionsThroughPartialAndMajorOutageWhenGithubIncidentsAreParsed() throws Exception {
        PageSnapshot snapshot = StatuspageParser.parse(
                "github",
                new StatuspagePoll(
                        null,
                        sharedFixture("statuspage/github_components_2024-09-17_stactus-test.json"),
                        sharedFixture("statuspage/github_incidents_2024-09-17_stactus-test.json"),
                        null,
                        null),
                OBSERVED);

        assertThat(snapshot.pageId()).isEqualTo("kctbh9vrtdwd");
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::name)
                .containsExactly("Git Operations", "Webhooks");
        IncidentSnapshot actions = incident(snapshot, "69sb0f8lydp4");
        assertThat(actions.components()).extracting(ComponentRef::name).containsExactly("Actions", "Pages");
        assertThat(walk(actions, "br0l2tvcx85d"))
                .extracting(ComponentChange::newStatus)
                .containsExactly(
                        ComponentStatus.PARTIAL_OUTAGE,
                        ComponentStatus.MAJOR_OUTAGE,
                        ComponentStatus.MAJOR_OUTAGE,
                        ComponentStatus.MAJOR_OUTAGE,
                        ComponentStatus.PARTIAL_OUTAGE,
                        ComponentStatus.OPERATIONAL);
        IncidentSnapshot unattributed = incident(snapshot, "r3x7x31k7nn1");
        assertThat(unattributed.components()).isEmpty();
        assertThat(unattributed.updates()).hasSize(6).allSatisfy(u -> assertThat(u.components())
                .isEmpty());
    }

    @Test
    void shouldReadShimIncidentsWithoutAttributionWhenOpenaiShimIncidentsAreParsed() throws Exception {
        PageSnapshot snapshot = IncidentIoParser.parse(
                "openai",
                IncidentIoPoll.ofShim(
                        "status.openai.com",
                        null,
                        null,
                        sharedFixture("statuspage/openai-incidentio_incidents_2026-09-15_25-incidents.json")),
                OBSERVED);

        assertThat(snapshot.incidents()).hasSize(25);
        assertThat(snapshot.incidents().stream()
                        .mapToInt(i -> i.updates().size())
                        .sum())
                .isEqualTo(103);
        assertThat(snapshot.incidents()).allSatisfy(i -> {
            assertThat(i.components()).isEmpty();
            assertThat(i.updates()).allSatisfy(u -> assertThat(u.components()).isEmpty());
        });
        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::impact)
                .containsOnly(Impact.NONE, Impact.MINOR, Impact.MAJOR);
        assertThat(snapshot.warnings()).singleElement().asString().contains("no component attribution");

        // resolved → monitoring → resolved: the latest update decides.
        IncidentSnapshot reopened = incident(snapshot, "01M2D1CZG0862JB4JHVW56QF89");
        assertThat(reopened.updates())
                .extracting(UpdateSnapshot::status)
                .containsSubsequence(IncidentStatus.RESOLVED, IncidentStatus.MONITORING, IncidentStatus.RESOLVED);
        assertThat(ResolutionCheck.isResolved(reopened)).isTrue();
        // Back-dated by 2 h 50 min 41 s: display_at is the event time.
        UpdateSnapshot backDated =
                update(incident(snapshot, "01M2H3J1D6Y7RHAP49GRWGJAY0"), "01M2H3J1D6Z11SH4Z9G1YHPYS4");
        assertThat(backDated.displayAt()).isEqualTo(Instant.parse("2026-09-14T20:30:00Z"));
        assertThat(backDated.createdAt()).isEqualTo(Instant.parse("2026-09-14T23:20:41Z"));
    }

    @Test
    void shouldReadTheCutDownShimSummaryWhenOpenaiSummaryHasAnOpenIncident() throws Exception {
        PageSnapshot snapshot = IncidentIoParser.parse(
                "openai",
                IncidentIoPoll.ofShim(
                        "status.openai.com",
                        sharedFixture("statuspage/openai-incidentio_summary_2026-09-29_incident-investigating.json"),
                        null,
                        null),
                OBSERVED);

        assertThat(snapshot.pageId()).isEqualTo("01JMDK9XYNY6RXSED6SDWW50WY");
        assertThat(snapshot.timeZone()).isNull();
        assertThat(snapshot.components()).hasSize(25).allSatisfy(c -> assertThat(c.groupName())
                .isNull());
        assertThat(snapshot.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactly("01M3Q4RK1SM4EMK445GGPG7C0N", "01M3Q4HMNP8SZ27DTZKW6F5BJ4");
        assertThat(ResolutionCheck.openIncidentIds(snapshot)).hasSize(2);
        assertThat(snapshot.warnings()).singleElement().asString().contains("stops at 25 components");
    }

    @Test
    void shouldReadNoIncidentsWhenTheShimSummaryOmitsTheIncidentsKey() throws Exception {
        PageSnapshot snapshot = IncidentIoParser.parse(
                "openai",
                IncidentIoPoll.ofShim(
                        "status.openai.com",
                        sharedFixture(
                                "statuspage/openai-incidentio_summary_2026-07-09_operational-no-incidents-key.json"),
                        null,
                        null),
                OBSERVED);

        assertThat(snapshot.incidents()).isEmpty();
        assertThat(snapshot.components()).hasSize(25).allSatisfy(c -> assertThat(c.status())
                .isEqualTo(ComponentStatus.OPERATIONAL));
        assertThat(snapshot.components().stream()
                        .map(ComponentSnapshot::updatedAt)
                        .distinct())
                .containsExactly(Instant.parse("2026-07-09T19:25:56Z"));
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::name)
                .doesNotContainNull()
                .allMatch(Objects::nonNull);
    }
}
