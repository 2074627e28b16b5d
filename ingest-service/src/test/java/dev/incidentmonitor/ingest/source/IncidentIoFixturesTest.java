package dev.incidentmonitor.ingest.source;

import static dev.incidentmonitor.ingest.source.StatuspageParserTest.incident;
import static dev.incidentmonitor.ingest.source.TestBodies.sharedFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The incident.io parser against the recorded responses in {@code <shared>/fixtures/incidentio/}. */
class IncidentIoFixturesTest {
    private static final Instant OBSERVED = Instant.parse("2026-08-24T12:00:00Z");
    private static final String OPENAI_PROXY_INCIDENTS =
            "incidentio/openai_proxy-incidents_2026-08_tokenpace-5-of-93-trimmed.json";
    private static final String OPENAI_SHIM_COMPONENTS =
            "incidentio/openai_shim-components_2026-08_tokenpace-minimal-keys.json";

    private static IncidentIoResult openai(String shimIncidents) throws SourceFormatException {
        return IncidentIoParser.parseWithImpacts(
                "openai",
                new IncidentIoPoll(
                        "status.openai.com",
                        null,
                        sharedFixture(OPENAI_PROXY_INCIDENTS),
                        null,
                        sharedFixture(OPENAI_SHIM_COMPONENTS),
                        shimIncidents),
                OBSERVED);
    }

    @Test
    void shouldMapFullOutageToMajorOutageWhenOpenaiProxyIncidentsAreParsed() throws Exception {
        IncidentIoResult result = openai(null);
        PageSnapshot snapshot = result.snapshot();

        assertThat(snapshot.incidents()).hasSize(5);
        IncidentSnapshot sora = incident(snapshot, "01KX7Y6ETMKP3ATQ85Z33J0EHN");
        assertThat(sora.components()).containsExactly(new ComponentRef("01K9G527YRPY1EFRMHTKB5BKT5", "Sora"));
        assertThat(sora.impact()).isEqualTo(Impact.CRITICAL);
        assertThat(sora.url()).isEqualTo("https://status.openai.com/incidents/01KX7Y6ETMKP3ATQ85Z33J0EHN");
        assertThat(result.componentImpacts())
                .filteredOn(i -> i.incidentId().equals("01KX7Y6ETMKP3ATQ85Z33J0EHN"))
                .extracting(
                        ComponentImpact::componentId,
                        ComponentImpact::status,
                        ComponentImpact::startAt,
                        ComponentImpact::endAt)
                .containsExactly(tuple(
                        "01K9G527YRPY1EFRMHTKB5BKT5",
                        ComponentStatus.MAJOR_OUTAGE,
                        Instant.parse("2026-07-11T06:35:19.763Z"),
                        Instant.parse("2026-07-11T07:03:51.923Z")));
        assertThat(result.componentImpacts())
                .extracting(ComponentImpact::status)
                .containsOnly(ComponentStatus.MAJOR_OUTAGE, ComponentStatus.DEGRADED_PERFORMANCE)
                .hasSize(6);
        assertThat(incident(snapshot, "01KXT44TAQQ2R0AZDDVSJGAC4H").components())
                .extracting(ComponentRef::name)
                .containsExactly("CLI", "Codex in ChatGPT Desktop");
        // Every component id resolves through the shim components.json (TP-TST asserts the same): the only
        // warning is that /proxy/<host> was not part of this poll.
        assertThat(snapshot.components()).hasSize(34);
        assertThat(snapshot.warnings())
                .singleElement()
                .asString()
                .startsWith("incident.io /proxy/status.openai.com not fetched");
    }

    @Test
    void shouldKeepBackDatedImpactAndTwoDigitFractionsWhenOpenaiLogoutIncidentIsParsed() throws Exception {
        IncidentIoResult result = openai(null);

        IncidentSnapshot logout = incident(result.snapshot(), "01M0JXWD740S0Y50DWJZS7SH75");
        assertThat(logout.createdAt()).isEqualTo(Instant.parse("2026-08-21T19:48:34.660Z"));
        assertThat(logout.impact()).isEqualTo(Impact.MINOR);
        assertThat(logout.updates()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(IncidentStatus.INVESTIGATING);
            assertThat(u.body()).startsWith("We\u2019re investigating an issue");
        });
        assertThat(result.componentImpacts())
                .filteredOn(i -> i.incidentId().equals("01M0JXWD740S0Y50DWJZS7SH75"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.startAt())
                            .isEqualTo(Instant.parse("2026-08-21T17:57:00Z"))
                            .isBefore(logout.createdAt());
                    assertThat(i.endAt()).isEqualTo(Instant.parse("2026-08-21T20:36:33.630Z"));
                });
    }

    @Test
    void shouldAddShimUpdatesAndRecordedImpactWhenTheShimListsTheSameIncident() throws Exception {
        IncidentIoResult result =
                openai(sharedFixture("statuspage/openai-incidentio_incidents_2026-09-15_25-incidents.json"));

        IncidentSnapshot logout = incident(result.snapshot(), "01M0JXWD740S0Y50DWJZS7SH75");
        assertThat(logout.components()).extracting(ComponentRef::name).containsExactly("Login");
        assertThat(logout.updates())
                .extracting(UpdateSnapshot::id, UpdateSnapshot::status)
                .containsExactly(
                        tuple("01M0JXWD74Q6EHRNX9TJQQTVPK", IncidentStatus.INVESTIGATING),
                        tuple("01M0K9PNJ3R7AV3C53C7JQ2B86", IncidentStatus.RESOLVED),
                        tuple("01M0K0M8P5GTEWA72BJRKC1XVX", IncidentStatus.MONITORING));
        // The /proxy version of the shared update keeps its millisecond time.
        assertThat(logout.updates().get(0).displayAt()).isEqualTo(Instant.parse("2026-08-21T19:48:34.66Z"));
        assertThat(logout.impact()).isEqualTo(Impact.MINOR);
        assertThat(logout.updatedAt()).isEqualTo(Instant.parse("2026-08-21T23:15:09Z"));
        assertThat(ResolutionCheck.isResolved(logout)).isTrue();
        // 5 from /proxy, of which 1 also in the shim; 24 only in the shim.
        assertThat(result.snapshot().incidents()).hasSize(5 + 24);
    }

    @Test
    void shouldMapMaintenanceStatusesWhenPleoListsAMaintenance() throws Exception {
        IncidentIoResult result = IncidentIoParser.parseWithImpacts(
                "pleo",
                IncidentIoPoll.ofProxy(
                        "status.pleo.io",
                        null,
                        sharedFixture("incidentio/pleo_proxy-incidents_2026-01_statusy-test-excerpt.json")),
                OBSERVED);
        PageSnapshot snapshot = result.snapshot();

        assertThat(snapshot.warnings()).isEmpty();
        IncidentSnapshot maintenance = incident(snapshot, "01KFGG5S6TRSJJNNBB3TQATY24");
        assertThat(maintenance.maintenance()).isTrue();
        assertThat(maintenance.impact()).isEqualTo(Impact.MAINTENANCE);
        assertThat(maintenance.updates()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(IncidentStatus.SCHEDULED);
            assertThat(u.components())
                    .containsExactly(new ComponentChange(
                            "01JEV56RY04T2614381RR4X5AJ",
                            "01JEV56RY04T2614381RR4X5AJ",
                            null,
                            ComponentStatus.UNDER_MAINTENANCE));
        });
        assertThat(maintenance.components()).extracting(ComponentRef::id).containsExactly("01JEV56RY0GV18JSH8N9GECJ1G");

        IncidentSnapshot invoices = incident(snapshot, "01KG77ZCW3ZCZBXCRP47BT0KFG");
        assertThat(invoices.maintenance()).isFalse();
        assertThat(invoices.impact()).isEqualTo(Impact.MINOR);
        assertThat(invoices.updates()).extracting(UpdateSnapshot::status).containsExactly(IncidentStatus.IDENTIFIED);
        assertThat(result.componentImpacts())
                .extracting(ComponentImpact::incidentId, ComponentImpact::status, ComponentImpact::endAt)
                .containsExactly(
                        tuple(
                                "01KG77ZCW3ZCZBXCRP47BT0KFG",
                                ComponentStatus.DEGRADED_PERFORMANCE,
                                Instant.parse("2026-01-30T12:38:56.689Z")),
                        tuple(
                                "01KFGG5S6TRSJJNNBB3TQATY24",
                                ComponentStatus.UNDER_MAINTENANCE,
                                Instant.parse("2026-01-25T02:00:00Z")));
    }
}
