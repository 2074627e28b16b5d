package dev.incidentmonitor.ingest.simulator;

import static dev.incidentmonitor.ingest.simulator.SimHttp.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validators and conditional requests, on the built-in replay page (whose state changes only when told). */
class ConditionalRequestsTest {
    private static final Instant START = Instant.parse("2026-03-10T14:00:00Z");

    private StatusPageSimulator sim;
    private URI summary;

    @BeforeEach
    void start() throws Exception {
        sim = StatusPageSimulator.start(SimulatorConfig.replay(null).withSimulatedStart(START));
        sim.clock().pinTo(START);
        summary = at(sim, "demo", "/api/v2/summary.json");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void shouldServeJsonWithAStrongETagAndLastModifiedWhenABodyIsRequested() {
        HttpResponse<String> response = SimHttp.get(summary);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("ETag"))
                .hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
        assertThat(response.headers().firstValue("Last-Modified")).hasValue("Tue, 10 Mar 2026 14:00:00 GMT");
        assertThat(response.body()).startsWith("{").contains("\"d3m0pg7x2k4q\"");
    }

    @Test
    void shouldAnswer304WhenIfNoneMatchCarriesTheCurrentETag() {
        String etag = SimHttp.get(summary).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = SimHttp.get(summary, "If-None-Match", etag);
        HttpResponse<String> weakInList = SimHttp.get(summary, "If-None-Match", "\"other\", W/" + etag);
        HttpResponse<String> stale = SimHttp.get(summary, "If-None-Match", "\"0123456789abcdef0123456789abcdef\"");

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(weakInList.statusCode()).isEqualTo(304);
        assertThat(stale.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer304WhenIfModifiedSinceIsNotBeforeLastModified() {
        String lastModified =
                SimHttp.get(summary).headers().firstValue("Last-Modified").orElseThrow();

        assertThat(SimHttp.get(summary, "If-Modified-Since", lastModified).statusCode())
                .isEqualTo(304);
        assertThat(SimHttp.get(summary, "If-Modified-Since", "Tue, 10 Mar 2026 13:59:59 GMT")
                        .statusCode())
                .isEqualTo(200);
        assertThat(SimHttp.get(summary, "If-Modified-Since", "not a date").statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldIgnoreIfModifiedSinceWhenIfNoneMatchIsPresent() {
        String lastModified =
                SimHttp.get(summary).headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> response = SimHttp.get(
                summary, "If-None-Match", "\"0123456789abcdef0123456789abcdef\"", "If-Modified-Since", lastModified);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeANewETagAndALaterLastModifiedWhenThePageChangedWithinTheSameSecond() {
        HttpResponse<String> before = SimHttp.get(summary);
        sim.advance("demo"); // the clock is pinned: same simulated second

        HttpResponse<String> conditional = SimHttp.get(
                summary, "If-None-Match", before.headers().firstValue("ETag").orElseThrow());
        HttpResponse<String> byDate = SimHttp.get(
                summary,
                "If-Modified-Since",
                before.headers().firstValue("Last-Modified").orElseThrow());

        assertThat(conditional.statusCode()).isEqualTo(200);
        assertThat(conditional.headers().firstValue("ETag"))
                .isNotEqualTo(before.headers().firstValue("ETag"));
        assertThat(conditional.headers().firstValue("Last-Modified")).hasValue("Tue, 10 Mar 2026 14:00:01 GMT");
        assertThat(byDate.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepTheETagWhenAStepLeavesABodyUnchanged() {
        URI maintenances = at(sim, "demo", "/api/v2/scheduled-maintenances.json");
        HttpResponse<String> before = SimHttp.get(maintenances);
        sim.advance("demo"); // step 1 does not replace scheduled-maintenances.json

        HttpResponse<String> after = SimHttp.get(
                maintenances,
                "If-None-Match",
                before.headers().firstValue("ETag").orElseThrow());

        assertThat(after.statusCode()).isEqualTo(304);
    }

    @Test
    void shouldUseLastModifiedOfTheSimulatedEventWhenThePageIsGenerated() throws Exception {
        Instant start = Instant.parse("2026-04-01T00:00:00Z");
        try (StatusPageSimulator generated =
                StatusPageSimulator.start(SimulatorConfig.generate(1, 5).withSimulatedStart(start))) {
            generated.clock().pinTo(start);
            URI uri = at(generated, "p-1", "/api/v2/summary.json");
            HttpResponse<String> response = SimHttp.get(uri);
            Instant lastModified = ZonedDateTime.parse(
                            response.headers().firstValue("Last-Modified").orElseThrow(),
                            DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            String pageUpdatedAt = response.body().replaceAll("(?s).*?\"updated_at\":\"([^\"]+)\".*", "$1");

            assertThat(lastModified).isBefore(start).isAfter(start.minus(GeneratedPage.HISTORY));
            assertThat(Instant.parse(pageUpdatedAt)).isEqualTo(lastModified);
            assertThat(lastModified.atZone(ZoneOffset.UTC).getNano()).isZero();
        }
    }

    @Test
    void shouldAnswer404WithJsonWhenThePageOrThePathIsUnknown() {
        HttpResponse<String> unknownPage = SimHttp.get(URI.create(sim.origin() + "/pages/nope/api/v2/summary.json"));
        HttpResponse<String> unknownPath = SimHttp.get(at(sim, "demo", "/api/v2/status.json"));
        HttpResponse<String> outside = SimHttp.get(URI.create(sim.origin() + "/api/v2/summary.json"));

        assertThat(unknownPage.statusCode()).isEqualTo(404);
        assertThat(unknownPage.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(unknownPage.body()).isEqualTo("{\"error\":\"unknown page 'nope'\"}");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(unknownPath.body()).contains("has no endpoint /api/v2/status.json");
        assertThat(outside.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldListThePagesWhenTheIndexIsRequested() {
        HttpResponse<String> index = SimHttp.get(URI.create(sim.origin() + "/pages"));

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body())
                .contains("\"id\":\"demo\"")
                .contains("\"base_url\":\"" + sim.baseUrl("demo") + "\"")
                .contains("\"simulated_now\":\"2026-03-10T14:00:00Z\"");
    }
}
