package dev.incidentmonitor.ingest.simulator;

import static dev.incidentmonitor.ingest.simulator.SimHttp.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.ingest.source.IncidentIoParser;
import dev.incidentmonitor.ingest.source.IncidentIoPoll;
import dev.incidentmonitor.ingest.source.StatuspageEndpoint;
import dev.incidentmonitor.ingest.source.StatuspageParser;
import dev.incidentmonitor.ingest.source.StatuspagePoll;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay mode: the built-in lifecycle scenario, and scenarios read from a directory. */
class ReplayScenarioTest {
    private static final Instant START = Instant.parse("2026-03-10T14:00:00Z");
    private static final String INCIDENT = "1nc3l3v8err0";
    private static final String API = "a7k2m9x4p1qz";
    private static final String CHAT = "c4h8t2w6n3rb";
    private static final String CONSOLE = "s9n5l1e7v0dg";

    @Test
    void shouldWalkTheBuiltInIncidentLifecycleWhenAdvancedByHand() throws Exception {
        try (StatusPageSimulator sim = builtIn()) {
            assertThat(sim.pages())
                    .extracting(SimulatedPage::id, SimulatedPage::platform)
                    .containsExactly(tuple("demo", Platform.STATUSPAGE));

            PageSnapshot operational = parse(sim);
            assertThat(sim.stepName("demo")).isEqualTo("operational");
            assertThat(statuses(operational)).containsExactly("operational", "operational", "operational");
            assertThat(operational.incidents())
                    .extracting(IncidentSnapshot::id)
                    .containsExactlyInAnyOrder("h1st0ry5inc0", "m4int3nanc01");
            assertThat(incident(operational)).isEmpty();

            assertThat(SimHttp.post(at(sim, "demo", "/_advance")).body())
                    .contains("\"advanced\":true", "\"step\":1", "\"step_name\":\"investigating\"");
            PageSnapshot investigating = parse(sim);
            assertThat(statuses(investigating)).containsExactly("partial_outage", "operational", "operational");
            assertThat(incident(investigating)).hasValueSatisfying(i -> {
                assertThat(i.impact()).isEqualTo(Impact.MAJOR);
                assertThat(latest(i).status()).isEqualTo(IncidentStatus.INVESTIGATING);
                assertThat(latest(i).components())
                        .containsExactly(new ComponentChange(
                                API, "API", ComponentStatus.OPERATIONAL, ComponentStatus.PARTIAL_OUTAGE));
            });

            assertThat(sim.advance("demo")).isTrue();
            PageSnapshot identified = parse(sim);
            assertThat(statuses(identified)).containsExactly("major_outage", "partial_outage", "operational");
            assertThat(incident(identified)).hasValueSatisfying(i -> {
                assertThat(i.impact()).isEqualTo(Impact.CRITICAL);
                assertThat(latest(i).status()).isEqualTo(IncidentStatus.IDENTIFIED);
                assertThat(latest(i).components())
                        .extracting(
                                ComponentChange::componentId, ComponentChange::oldStatus, ComponentChange::newStatus)
                        .containsExactly(
                                tuple(API, ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.MAJOR_OUTAGE),
                                tuple(CHAT, ComponentStatus.OPERATIONAL, ComponentStatus.PARTIAL_OUTAGE));
            });

            assertThat(sim.advance("demo")).isTrue();
            PageSnapshot monitoring = parse(sim);
            assertThat(statuses(monitoring)).containsExactly("operational", "operational", "operational");
            assertThat(incident(monitoring))
                    .hasValueSatisfying(i -> assertThat(latest(i).status()).isEqualTo(IncidentStatus.MONITORING));

            assertThat(sim.advance("demo")).isTrue();
            PageSnapshot resolved = parse(sim);
            assertThat(incident(resolved)).hasValueSatisfying(i -> {
                assertThat(i.updates().stream()
                                .sorted(Comparator.comparing(UpdateSnapshot::displayAt))
                                .map(UpdateSnapshot::status))
                        .containsExactly(
                                IncidentStatus.INVESTIGATING,
                                IncidentStatus.IDENTIFIED,
                                IncidentStatus.MONITORING,
                                IncidentStatus.RESOLVED);
                assertThat(SimHttp.marker(i, IncidentStatus.RESOLVED)).hasValue(Instant.parse("2026-03-10T15:47:00Z"));
            });
            assertThat(SimHttp.body(at(sim, "demo", "/api/v2/summary.json"))).doesNotContain(INCIDENT);
            assertThat(SimHttp.body(at(sim, "demo", "/api/v2/incidents/unresolved.json")))
                    .doesNotContain(INCIDENT);

            assertThat(sim.advance("demo")).isFalse();
            assertThat(sim.stepName("demo")).isEqualTo("resolved");
        }
    }

    @Test
    void shouldAdvanceTheBuiltInScenarioWhenItsStepTimeHasPassed() throws Exception {
        try (StatusPageSimulator sim = builtIn()) {
            sim.clock().advance(Duration.ofSeconds(19));
            assertThat(sim.stepIndex("demo")).isZero();
            sim.clock().advance(Duration.ofSeconds(1));
            assertThat(sim.stepIndex("demo")).isEqualTo(1);
            sim.clock().advance(Duration.ofSeconds(45)); // 65 s: two more steps are due
            assertThat(sim.stepName("demo")).isEqualTo("monitoring");
            assertThat(SimHttp.body(at(sim, "demo", "/api/v2/summary.json")))
                    .containsPattern("\"status\":\\s*\"monitoring\"");
        }
    }

    @Test
    void shouldRefuseToAdvanceWhenThePageIsGenerated() throws Exception {
        try (StatusPageSimulator sim = StatusPageSimulator.start(SimulatorConfig.generate(1, 1))) {
            HttpResponse<String> response = SimHttp.post(at(sim, "p-1", "/_advance"));

            assertThat(response.statusCode()).isEqualTo(409);
            assertThatThrownBy(() -> sim.advance("p-1")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldAdvanceAfterTheGivenNumberOfSummaryRequestsWhenTheScenarioSaysSo(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("one.json"), "{\"page\":{\"id\":\"p\",\"time_zone\":\"Etc/UTC\"},\"components\":[]}");
        Files.writeString(
                dir.resolve("two.json"), "{\"page\":{\"id\":\"p2\",\"time_zone\":\"Etc/UTC\"},\"components\":[]}");
        Files.writeString(
                dir.resolve("scenario.yaml"),
                """
                pages:
                  - id: counted
                    platform: statuspage
                    steps:
                      - after-requests: 2
                        files:
                          /api/v2/summary.json: one.json
                          /api/v2/components.json: one.json
                      - files:
                          /api/v2/summary.json: two.json
                """);
        try (StatusPageSimulator sim =
                StatusPageSimulator.start(SimulatorConfig.replay(dir).withSimulatedStart(START))) {
            sim.clock().pinTo(START);
            assertThat(SimHttp.body(at(sim, "counted", "/api/v2/components.json")))
                    .contains("\"p\"");
            sim.misbehave("counted", Misbehaviour.SERVER_ERROR, 1);
            assertThat(SimHttp.get(at(sim, "counted", "/api/v2/summary.json")).statusCode())
                    .isEqualTo(500);
            assertThat(SimHttp.body(at(sim, "counted", "/api/v2/summary.json"))).contains("\"p\"");
            assertThat(SimHttp.body(at(sim, "counted", "/api/v2/summary.json"))).contains("\"p\"");
            assertThat(SimHttp.body(at(sim, "counted", "/api/v2/summary.json"))).contains("\"p2\"");
            // components.json is carried over from the first step
            assertThat(SimHttp.body(at(sim, "counted", "/api/v2/components.json")))
                    .contains("\"p\"");
            assertThat(SimHttp.get(at(sim, "counted", "/api/v2/incidents.json")).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void shouldServeIncidentIoFilesUnderAnyProxyHostWhenTheScenarioPageIsIncidentIo(@TempDir Path dir)
            throws Exception {
        Files.writeString(
                dir.resolve("summary.json"),
                """
                {"summary": {"id": "01AAAAAAAAAAAAAAAAAAAAPAGE", "name": "Example",
                  "components": [{"id": "01AAAAAAAAAAAAAAAAAAAACMP1", "name": "API"}],
                  "affected_components": [{"component_id": "01AAAAAAAAAAAAAAAAAAAACMP1", "status": "full_outage"}]}}
                """);
        Files.writeString(dir.resolve("incidents.json"), "{\"incidents\": []}");
        Files.writeString(
                dir.resolve("scenario.json"),
                """
                {"pages": [{"id": "io", "platform": "incidentio", "steps": [
                  {"files": {"/proxy": "summary.json", "/proxy/incidents": "incidents.json"}}]}]}
                """);
        try (StatusPageSimulator sim = StatusPageSimulator.start(SimulatorConfig.replay(dir))) {
            String summary = SimHttp.body(at(sim, "io", "/proxy/status.example.com"));
            String incidents = SimHttp.body(at(sim, "io", "/proxy/127.0.0.1/incidents"));
            PageSnapshot snapshot = IncidentIoParser.parse(
                    "io", IncidentIoPoll.ofProxy("status.example.com", summary, incidents), START);

            assertThat(snapshot.warnings()).isEmpty();
            assertThat(snapshot.components())
                    .extracting(ComponentSnapshot::id, ComponentSnapshot::status)
                    .containsExactly(tuple("01AAAAAAAAAAAAAAAAAAAACMP1", ComponentStatus.MAJOR_OUTAGE));
            assertThat(SimHttp.get(at(sim, "io", "/api/v2/summary.json")).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void shouldListEveryProblemWhenTheScenarioIsInvalid(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{\"page\": ");
        Files.writeString(
                dir.resolve("scenario.yaml"),
                """
                pages:
                  - id: Bad_Id
                    platform: statuspage
                    steps:
                      - files:
                          /api/v2/status.json: broken.json
                          /api/v2/summary.json: missing.json
                          /api/v2/incidents.json: broken.json
                  - id: io
                    platform: incidentio
                    colour: blue
                    steps:
                      - after-requests: 0
                        files:
                          /api/v2/scheduled-maintenances.json: broken.json
                """);

        assertThatThrownBy(() -> StatusPageSimulator.start(SimulatorConfig.replay(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pages[0].id: 'Bad_Id' is not a page id")
                .hasMessageContaining("files['/api/v2/status.json']: not an endpoint")
                .hasMessageContaining("files['/api/v2/summary.json']: cannot read " + dir.resolve("missing.json"))
                .hasMessageContaining("files['/api/v2/incidents.json']: " + dir.resolve("broken.json") + " is not JSON")
                .hasMessageContaining("pages[1]: unknown key 'colour'")
                .hasMessageContaining("steps[0].after-requests: must be a positive whole number, got 0")
                .hasMessageContaining(
                        "files['/api/v2/scheduled-maintenances.json']: a page on incidentio does not serve it");
    }

    private static StatusPageSimulator builtIn() throws Exception {
        StatusPageSimulator sim =
                StatusPageSimulator.start(SimulatorConfig.replay(null).withSimulatedStart(START));
        sim.clock().pinTo(START);
        return sim;
    }

    /** All five endpoints, parsed together; the scenario's files must parse without a warning. */
    private static PageSnapshot parse(StatusPageSimulator sim) throws Exception {
        PageSnapshot snapshot = SimHttp.statuspage(sim, "demo", START);
        assertThat(snapshot.warnings()).isEmpty();
        for (StatuspageEndpoint endpoint : StatuspageEndpoint.values()) {
            String body = SimHttp.body(at(sim, "demo", endpoint.path()));
            assertThat(StatuspageParser.parse(
                                    "demo", StatuspagePoll.ofSummary(null).with(endpoint, body), START)
                            .warnings())
                    .as(endpoint.path())
                    .isEmpty();
        }
        return snapshot;
    }

    private static List<String> statuses(PageSnapshot snapshot) {
        return snapshot.components().stream()
                .sorted(Comparator.comparing(c -> List.of(API, CHAT, CONSOLE).indexOf(c.id())))
                .map(c -> c.status().name().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static Optional<IncidentSnapshot> incident(PageSnapshot snapshot) {
        return snapshot.incidents().stream()
                .filter(i -> i.id().equals(INCIDENT))
                .findFirst();
    }

    private static UpdateSnapshot latest(IncidentSnapshot incident) {
        return incident.updates().stream()
                .max(Comparator.comparing(UpdateSnapshot::displayAt))
                .orElseThrow();
    }
}
