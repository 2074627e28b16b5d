package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.embedded.Ports;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's Prometheus, for real: the installed binary, the written configuration and the packaged rules. */
class LocalPrometheusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path binary;

    @BeforeAll
    static void requirePrometheus() {
        binary = PrometheusBinary.require();
    }

    @Test
    void shouldLoadEveryPackagedRuleAndScrapeItselfWhenStarted(@TempDir Path dataDir) throws Exception {
        int port = Ports.freePort("127.0.0.1");
        try (LocalPrometheus prometheus =
                LocalPrometheus.start(binary, dataDir, port, Optional.empty(), Optional.empty())) {
            JsonNode groups =
                    get(prometheus.url() + "/api/v1/rules").path("data").path("groups");
            List<String> files = new ArrayList<>();
            groups.forEach(g ->
                    files.add(Path.of(g.path("file").asText()).getFileName().toString()));
            try (var shipped = Files.list(Path.of("..", "prometheus", "rules"))) {
                assertThat(files)
                        .containsAll(
                                shipped.map(p -> p.getFileName().toString()).toList());
            }
            // Every rule evaluates without error once the first evaluation ran (health "unknown" until then).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            get(prometheus.url() + "/api/v1/rules").findValues("health"))
                    .isNotEmpty()
                    .allSatisfy(h -> assertThat(h.asText()).isEqualTo("ok")));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(prometheus.url()
                                    + "/api/v1/query?query="
                                    + URLEncoder.encode("up{job=\"prometheus\"}", StandardCharsets.UTF_8))
                            .path("data")
                            .path("result")
                            .path(0)
                            .path("value")
                            .path(1)
                            .asText())
                    .isEqualTo("1"));
        }
        assertThat(Files.readString(dataDir.resolve("logs").resolve("prometheus.log")))
                .contains("starting Prometheus");
    }

    @Test
    void shouldNameTheJobsOfTheShippedConfigWhenWritingOne() throws Exception {
        String written = LocalPrometheus.config(9090, Optional.of(9401), Optional.of(9402));
        String shipped = Files.readString(Path.of("..", "prometheus", "prometheus.yml"));
        for (String job : List.of("prometheus", "ingest-service", "streams-app")) {
            assertThat(shipped).contains("job_name: " + job);
            assertThat(written).contains("job_name: " + job);
        }
        assertThat(written)
                .contains("127.0.0.1:9401")
                .contains("127.0.0.1:9402")
                .contains("rules/*.yml");
        assertThat(LocalPrometheus.config(9090, Optional.empty(), Optional.of(9402)))
                .doesNotContain("ingest-service");
    }

    @Test
    void shouldReplaceOldRuleFilesWhenCopyingRules(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("removed-upstream.yml"), "groups: []\n");
        List<String> copied = LocalPrometheus.copyRules(dir);
        assertThat(copied).contains("availability.yml", "incidents.yml", "parameters.yml", "pipeline.yml");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(copied);
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
