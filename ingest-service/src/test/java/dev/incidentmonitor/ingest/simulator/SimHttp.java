package dev.incidentmonitor.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.ingest.source.IncidentIoParser;
import dev.incidentmonitor.ingest.source.IncidentIoPoll;
import dev.incidentmonitor.ingest.source.IncidentIoResult;
import dev.incidentmonitor.ingest.source.SourceFormatException;
import dev.incidentmonitor.ingest.source.StatuspageParser;
import dev.incidentmonitor.ingest.source.StatuspagePoll;
import dev.incidentmonitor.schema.IncidentStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Real HTTP against a running simulator, and the project's parsers over what it serves. */
final class SimHttp {
    /** The host segment the tests put after {@code /proxy/}; the simulator answers any. */
    static final String HOST = "status.sim.test";

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private SimHttp() {}

    /** GET with optional header name/value pairs. */
    static HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    static HttpResponse<String> post(URI uri) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a 200 answer. */
    static String body(URI uri) {
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return response.body();
    }

    static URI at(StatusPageSimulator sim, String pageId, String path) {
        return URI.create(sim.baseUrl(pageId) + path);
    }

    /** Every endpoint path a page of that platform serves, by its simulator endpoint. */
    static Map<PageEndpoint, String> paths(SimulatedPage page) {
        Map<PageEndpoint, String> out = new EnumMap<>(PageEndpoint.class);
        for (PageEndpoint e : PageEndpoint.values()) {
            if (e.servedBy(page.platform())) {
                out.put(
                        e,
                        switch (e) {
                            case PROXY_SUMMARY -> "/proxy/" + HOST;
                            case PROXY_INCIDENTS -> "/proxy/" + HOST + "/incidents";
                            default -> e.scenarioKey();
                        });
            }
        }
        return out;
    }

    /** Fetches all five Statuspage endpoints and parses them together. */
    static PageSnapshot statuspage(StatusPageSimulator sim, String pageId, Instant observed)
            throws SourceFormatException {
        StatuspagePoll poll = new StatuspagePoll(
                body(at(sim, pageId, "/api/v2/summary.json")),
                body(at(sim, pageId, "/api/v2/components.json")),
                body(at(sim, pageId, "/api/v2/incidents.json")),
                body(at(sim, pageId, "/api/v2/incidents/unresolved.json")),
                body(at(sim, pageId, "/api/v2/scheduled-maintenances.json")));
        return StatuspageParser.parse("sim-" + pageId, poll, observed);
    }

    /** Fetches both {@code /proxy} endpoints and the three shim endpoints and parses them together. */
    static IncidentIoResult incidentIo(StatusPageSimulator sim, String pageId, Instant observed)
            throws SourceFormatException {
        IncidentIoPoll poll = new IncidentIoPoll(
                HOST,
                body(at(sim, pageId, "/proxy/" + HOST)),
                body(at(sim, pageId, "/proxy/" + HOST + "/incidents")),
                body(at(sim, pageId, "/api/v2/summary.json")),
                body(at(sim, pageId, "/api/v2/components.json")),
                body(at(sim, pageId, "/api/v2/incidents.json")));
        return IncidentIoParser.parseWithImpacts("sim-" + pageId, poll, observed);
    }

    /** The page as the ingest-service would see it, whichever its platform. */
    static PageSnapshot snapshot(StatusPageSimulator sim, SimulatedPage page, Instant observed)
            throws SourceFormatException {
        return switch (page.platform()) {
            case STATUSPAGE -> statuspage(sim, page.id(), observed);
            case INCIDENTIO -> incidentIo(sim, page.id(), observed).snapshot();
        };
    }

    /** The earliest display time of an update with {@code status} (SPEC.md status markers). */
    static Optional<Instant> marker(IncidentSnapshot incident, IncidentStatus status) {
        return incident.updates().stream()
                .filter(u -> u.status() == status)
                .map(UpdateSnapshot::displayAt)
                .min(Instant::compareTo);
    }
}
