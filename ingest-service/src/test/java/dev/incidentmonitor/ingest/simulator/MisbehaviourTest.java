package dev.incidentmonitor.ingest.simulator;

import static dev.incidentmonitor.ingest.simulator.SimHttp.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.ingest.source.SourceFormatException;
import dev.incidentmonitor.ingest.source.StatuspageParser;
import dev.incidentmonitor.ingest.source.StatuspagePoll;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The misbehaviour hook that ingest tests use to provoke source-health problems. */
class MisbehaviourTest {
    private StatusPageSimulator sim;
    private URI summary;

    @BeforeEach
    void start() throws Exception {
        sim = StatusPageSimulator.start(SimulatorConfig.replay(null));
        sim.clock().pin();
        summary = at(sim, "demo", "/api/v2/summary.json");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void shouldAnswer500ForTheNextNRequestsThenRecoverWhenTheServerErrorHookIsSet() {
        sim.misbehave("demo", Misbehaviour.SERVER_ERROR, 2);

        assertThat(SimHttp.get(summary).statusCode()).isEqualTo(500);
        assertThat(SimHttp.get(at(sim, "demo", "/api/v2/incidents.json")).statusCode())
                .isEqualTo(500);
        assertThat(SimHttp.get(summary).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer401PageInactiveWhenThePageIsInactive() {
        sim.misbehave("demo", Misbehaviour.PAGE_INACTIVE, 1);

        HttpResponse<String> response = SimHttp.get(summary);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"Page inactive\"}");
    }

    @Test
    void shouldServeABodyTheParserRejectsWhenInvalidJsonIsAsked() {
        sim.misbehave("demo", Misbehaviour.INVALID_JSON, 1);

        HttpResponse<String> response = SimHttp.get(summary);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThatThrownBy(
                        () -> StatuspageParser.parse("demo", StatuspagePoll.ofSummary(response.body()), Instant.now()))
                .isInstanceOf(SourceFormatException.class)
                .hasMessageContaining("invalid JSON");
    }

    @Test
    void shouldServeHtmlWhenTheHtmlHookIsSet() {
        sim.misbehave("demo", Misbehaviour.HTML, 1);

        HttpResponse<String> response = SimHttp.get(summary);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).startsWith("<!DOCTYPE html>");
        assertThat(SimHttp.get(summary).headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void shouldLetTheClientTimeOutWhenTheTimeoutHookIsSet() {
        sim.misbehave("demo", Misbehaviour.TIMEOUT, 1);
        HttpRequest request =
                HttpRequest.newBuilder(summary).timeout(Duration.ofMillis(300)).build();

        long started = System.nanoTime();
        assertThatThrownBy(() -> SimHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(SimHttp.get(summary).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldMisbehaveWhenToldOverHttp() {
        HttpResponse<String> set =
                SimHttp.post(URI.create(sim.baseUrl("demo") + "/_misbehave?kind=page-inactive&count=2"));
        HttpResponse<String> bad = SimHttp.post(URI.create(sim.baseUrl("demo") + "/_misbehave?kind=flaky"));

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).isEqualTo("{\"page\":\"demo\",\"misbehaviour\":\"page-inactive\",\"count\":2}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(SimHttp.get(summary).statusCode()).isEqualTo(401);
        assertThat(SimHttp.get(at(sim, "demo", "/api/v2/components.json")).statusCode())
                .isEqualTo(401);
        assertThat(SimHttp.get(summary).statusCode()).isEqualTo(200);
    }
}
