package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.Ports;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.prometheus.DashboardQueries;
import dev.incidentmonitor.prometheus.DashboardQueries.Dashboard;
import dev.incidentmonitor.prometheus.DashboardQueries.Kind;
import dev.incidentmonitor.prometheus.DashboardQueries.Query;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards tested for real, as far as that is possible without Grafana: the whole local system (Kafka, the
 * registry, the ingest-service polling 20 simulated pages, the streams-app) runs, a real Prometheus scrapes it with
 * the shipped rules, and every query of every dashboard in {@code grafana/dashboards} (panel targets, variables,
 * annotations) is evaluated against that Prometheus, with the variables set as Grafana's "All" would set them. A
 * query that returns no data fails the test with its dashboard and panel.
 *
 * <p>The simulation starts 30 simulated hours in the past and runs 600 times faster than real time, so within a few
 * minutes it has produced yesterday's and today's days, incidents opened and resolved, and both sources' health.
 */
class GrafanaDashboardsIT {

    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)");

    @Test
    void shouldReturnDataForEveryDashboardQueryWhenTheSimulatedSystemRuns(@TempDir Path dataDir) throws Exception {
        DashboardQueries dashboards = DashboardQueries.load(DashboardQueries.defaultDirectory());
        assertThat(dashboards.queries())
                .as("queries in " + DashboardQueries.defaultDirectory())
                .isNotEmpty();
        Path binary = PrometheusBinary.require();
        Path registryHome = EmbeddedSchemaRegistry.defaultHome();
        Assumptions.assumeTrue(Files.isDirectory(registryHome), "schema registry not built: " + registryHome);

        try (LocalStack stack = LocalStack.start(dataDir, freePort(), freePort(), registryHome);
                LocalStreams streams = LocalStreams.start(
                        Map.of(
                                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                                stack.kafka().bootstrapServers(),
                                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                stack.schemaRegistryUrl()),
                        dataDir.resolve("streams-state"),
                        "it",
                        0); // any free port, bound at once: a port probed free earlier can be taken by then
                LocalIngest ingest = LocalIngest.start(
                        stack,
                        null,
                        SimulatorConfig.generate(20, 42L)
                                .withSimulatedStart(Instant.now().minus(Duration.ofHours(30))),
                        0);
                LocalPrometheus prometheus = LocalPrometheus.start(
                        binary,
                        dataDir,
                        freePort(),
                        Optional.of(ingest.metricsPort()),
                        Optional.of(streams.app().metricsPort()))) {
            List<String> missing = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            do {
                Thread.sleep(5_000);
                missing = missing(prometheus.url(), dashboards);
            } while (!missing.isEmpty() && System.nanoTime() < deadline);
            assertThat(missing)
                    .as(
                            "dashboard queries without data after %s of a simulated run (Prometheus log: %s)",
                            DEADLINE, dataDir.resolve("logs").resolve("prometheus.log"))
                    .isEmpty();
        }
    }

    /**
     * Every query of every dashboard with its variables set; the ones that return nothing, described. Query variables
     * are set, in order, to every value their query returns (Grafana's "All" with each value selected), so a panel
     * is checked for the services that really exist.
     */
    private static List<String> missing(String prometheus, DashboardQueries dashboards) throws Exception {
        Map<Dashboard, Map<String, String>> values = new LinkedHashMap<>();
        for (Dashboard dashboard : dashboards.dashboards()) {
            Map<String, String> set = new LinkedHashMap<>(DashboardQueries.BUILT_INS);
            set.putAll(dashboard.defaults());
            values.put(dashboard, set);
        }
        List<String> missing = new ArrayList<>();
        for (Query query : dashboards.queries(Kind.VARIABLE)) {
            Map<String, String> set = values.get(query.dashboard());
            List<String> found = labelValues(prometheus, query.expr(set));
            if (found.isEmpty()) {
                missing.add(query.where() + " -> " + query.expr(set));
            }
            set.put(query.name(), found.isEmpty() ? ".+" : DashboardQueries.allOf(found));
        }
        for (Query query : dashboards.queries()) {
            if (query.kind() != Kind.VARIABLE) {
                String expr = query.expr(values.get(query.dashboard()));
                if (!hasData(prometheus, expr)) {
                    missing.add(query.where() + " -> " + expr);
                }
            }
        }
        return missing;
    }

    /** The values a {@code label_values(selector, label)} variable offers. */
    private static List<String> labelValues(String prometheus, String definition) throws Exception {
        Matcher m = LABEL_VALUES.matcher(definition.strip());
        assertThat(m.matches())
                .as("a label_values(...) variable: " + definition)
                .isTrue();
        String url = prometheus + "/api/v1/label/" + m.group(2) + "/values"
                + (m.group(1) == null ? "" : "?match[]=" + encode(m.group(1).strip()));
        TreeSet<String> found = new TreeSet<>();
        get(url).path("data").forEach(v -> found.add(v.asText()));
        found.remove("");
        return List.copyOf(found);
    }

    private static boolean hasData(String prometheus, String expr) throws Exception {
        JsonNode response = get(prometheus + "/api/v1/query?query=" + encode(expr));
        if (!"success".equals(response.path("status").asText())) {
            fail("Prometheus rejected " + expr + ": " + response);
        }
        return switch (response.path("data").path("resultType").asText()) {
            case "scalar", "string" -> true;
            default -> response.path("data").path("result").size() > 0;
        };
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        return Ports.freePort("127.0.0.1");
    }
}
