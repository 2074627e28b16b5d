package dev.incidentmonitor.ingest.simulator;

import static dev.incidentmonitor.ingest.simulator.SimHttp.at;
import static dev.incidentmonitor.ingest.simulator.SimHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.source.IncidentIoParser;
import dev.incidentmonitor.ingest.source.IncidentIoPoll;
import dev.incidentmonitor.ingest.source.IncidentIoResult;
import dev.incidentmonitor.ingest.source.StatuspageEndpoint;
import dev.incidentmonitor.ingest.source.StatuspageParser;
import dev.incidentmonitor.ingest.source.StatuspagePoll;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of generated pages of both platforms parses with the project's parsers without a warning, at
 * many simulated times, and what they parse to is what the simulator meant.
 */
class GeneratedPagesParseTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final int PAGES = 24;

    private static StatusPageSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        sim = StatusPageSimulator.start(
                SimulatorConfig.generate(PAGES, 20260301L).withSimulatedStart(START));
        sim.clock().pinTo(START);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void shouldParseEachStatuspageEndpointAloneWithoutWarningsWhenPagesAreGenerated() throws Exception {
        List<SimulatedPage> pages = pages(Platform.STATUSPAGE);
        assertThat(pages).hasSizeGreaterThan(5);
        for (SimulatedPage page : pages) {
            for (StatuspageEndpoint endpoint : StatuspageEndpoint.values()) {
                String body = body(at(sim, page.id(), endpoint.path()));
                PageSnapshot snapshot = StatuspageParser.parse(
                        "sim", StatuspagePoll.ofSummary(null).with(endpoint, body), START);
                assertThat(snapshot.warnings()).as("%s %s", page.id(), endpoint).isEmpty();
                assertThat(snapshot.timeZone()).hasToString(PageRenderer.TIME_ZONE);
            }
        }
    }

    @Test
    void shouldParseIncidentIoProxyAloneAndWithTheShimWithoutWarningsWhenPagesAreGenerated() throws Exception {
        List<SimulatedPage> pages = pages(Platform.INCIDENTIO);
        assertThat(pages).hasSizeGreaterThan(5);
        for (SimulatedPage page : pages) {
            String proxySummary = body(at(sim, page.id(), "/proxy/" + SimHttp.HOST));
            String proxyIncidents = body(at(sim, page.id(), "/proxy/" + SimHttp.HOST + "/incidents"));
            IncidentIoResult proxyOnly = IncidentIoParser.parseWithImpacts(
                    "sim", IncidentIoPoll.ofProxy(SimHttp.HOST, proxySummary, proxyIncidents), START);
            assertThat(proxyOnly.snapshot().warnings()).as(page.id()).isEmpty();
            assertThat(proxyOnly.snapshot().components())
                    .extracting(ComponentSnapshot::id)
                    .containsExactlyElementsOf(page.componentIds());

            IncidentIoResult full = SimHttp.incidentIo(sim, page.id(), START);
            assertThat(full.snapshot().warnings()).as(page.id()).isEmpty();
            // The shim adds the recorded impact to the /proxy incidents but no incident of its own.
            assertThat(full.snapshot().incidents())
                    .extracting(IncidentSnapshot::id)
                    .containsExactlyInAnyOrderElementsOf(proxyOnly.snapshot().incidents().stream()
                            .map(IncidentSnapshot::id)
                            .toList());
        }
    }

    @Test
    void shouldServeTheShimEndpointsButNotUnresolvedOrMaintenancesWhenThePageIsIncidentIo() {
        SimulatedPage page = pages(Platform.INCIDENTIO).get(0);
        assertThat(SimHttp.get(at(sim, page.id(), "/api/v2/summary.json")).statusCode())
                .isEqualTo(200);
        assertThat(SimHttp.get(at(sim, page.id(), "/api/v2/components.json")).statusCode())
                .isEqualTo(200);
        assertThat(SimHttp.get(at(sim, page.id(), "/api/v2/incidents.json")).statusCode())
                .isEqualTo(200);
        assertThat(SimHttp.get(at(sim, page.id(), "/api/v2/incidents/unresolved.json"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(SimHttp.get(at(sim, page.id(), "/api/v2/scheduled-maintenances.json"))
                        .statusCode())
                .isEqualTo(404);
        SimulatedPage statuspage = pages(Platform.STATUSPAGE).get(0);
        assertThat(SimHttp.get(at(sim, statuspage.id(), "/proxy/" + SimHttp.HOST))
                        .statusCode())
                .isEqualTo(404);
    }

    /**
     * Walks the simulated clock through 20 days in 11-hour steps and checks every page at every step: no warnings,
     * and across all of them every kind of state the generator produces shows up.
     */
    @Test
    void shouldParseWithoutWarningsAndShowEveryKindOfStateWhenTheClockWalksThroughThreeWeeks() throws Exception {
        Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
        Set<ComponentStatus> componentStatuses = EnumSet.noneOf(ComponentStatus.class);
        Set<String> maintenancePlatforms = new HashSet<>();
        boolean oldNewRecorded = false;
        int openIncidents = 0;
        try {
            for (Instant t = START; t.isBefore(START.plus(Duration.ofDays(20))); t = t.plus(Duration.ofHours(11))) {
                sim.clock().pinTo(t);
                for (SimulatedPage page : sim.pages()) {
                    PageSnapshot snapshot = SimHttp.snapshot(sim, page, t);
                    assertThat(snapshot.warnings()).as("%s at %s", page.id(), t).isEmpty();
                    snapshot.components().forEach(c -> componentStatuses.add(c.status()));
                    for (IncidentSnapshot incident : snapshot.incidents()) {
                        incident.updates().forEach(u -> statuses.add(u.status()));
                        if (incident.maintenance()) {
                            maintenancePlatforms.add(page.platform().configName());
                        }
                        boolean open = incident.updates().stream()
                                .noneMatch(u -> u.status() == IncidentStatus.RESOLVED
                                        || u.status() == IncidentStatus.COMPLETED
                                        || u.status() == IncidentStatus.POSTMORTEM);
                        if (open && !incident.maintenance()) {
                            openIncidents++;
                        }
                        for (var update : incident.updates()) {
                            for (ComponentChange change : update.components()) {
                                if (change.oldStatus() != null && change.oldStatus() != change.newStatus()) {
                                    oldNewRecorded = true;
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            sim.clock().pinTo(START);
        }
        assertThat(statuses)
                .contains(
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.IDENTIFIED,
                        IncidentStatus.MONITORING,
                        IncidentStatus.RESOLVED,
                        IncidentStatus.POSTMORTEM,
                        IncidentStatus.SCHEDULED,
                        IncidentStatus.VERIFYING,
                        IncidentStatus.IN_PROGRESS,
                        IncidentStatus.COMPLETED)
                .doesNotContain(IncidentStatus.UNKNOWN);
        assertThat(componentStatuses)
                .contains(
                        ComponentStatus.OPERATIONAL,
                        ComponentStatus.DEGRADED_PERFORMANCE,
                        ComponentStatus.PARTIAL_OUTAGE,
                        ComponentStatus.MAJOR_OUTAGE,
                        ComponentStatus.UNDER_MAINTENANCE)
                .doesNotContain(ComponentStatus.UNKNOWN);
        assertThat(maintenancePlatforms).containsExactlyInAnyOrder("statuspage", "incidentio");
        assertThat(oldNewRecorded).isTrue();
        assertThat(openIncidents).isPositive();
    }

    private static List<SimulatedPage> pages(Platform platform) {
        return sim.pages().stream().filter(p -> p.platform() == platform).toList();
    }
}
