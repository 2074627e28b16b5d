package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.Ports;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
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
import java.util.stream.Stream;
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

    private static final Path DASHBOARDS = Path.of("..", "..", "grafana", "dashboards");
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)]]");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)");

    /** Grafana's built-in variables, with the values a dashboard over the last hour would give them. */
    private static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "1h",
            "__range_s", "3600",
            "__range_ms", "3600000");

    @Test
    void shouldReturnDataForEveryDashboardQueryWhenTheSimulatedSystemRuns(@TempDir Path dataDir) throws Exception {
        List<Query> queries = loadQueries();
        assertThat(queries)
                .as("queries in " + DASHBOARDS.toAbsolutePath().normalize())
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
                        freePort());
                LocalIngest ingest = LocalIngest.start(
                        stack,
                        null,
                        SimulatorConfig.generate(20, 42L)
                                .withSimulatedStart(Instant.now().minus(Duration.ofHours(30))),
                        freePort());
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
                missing = missing(prometheus.url(), queries);
            } while (!missing.isEmpty() && System.nanoTime() < deadline);
            assertThat(missing)
                    .as(
                            "dashboard queries without data after %s of a simulated run (Prometheus log: %s)",
                            DEADLINE, dataDir.resolve("logs").resolve("prometheus.log"))
                    .isEmpty();
        }
    }

    /** Every query of every dashboard with its variables set; the ones that return nothing, described. */
    private static List<String> missing(String prometheus, List<Query> queries) throws Exception {
        Map<String, String> variables = new LinkedHashMap<>(BUILT_INS);
        List<String> missing = new ArrayList<>();
        for (Query query : queries) {
            if (query.kind().equals("variable")) {
                List<String> values = labelValues(prometheus, query.expr(), variables);
                if (values.isEmpty()) {
                    missing.add(query.describe());
                }
                // As Grafana's "All" of a multi-value variable: every value as one regex alternative.
                variables.put(query.name(), values.isEmpty() ? ".+" : "(" + String.join("|", values) + ")");
            }
        }
        for (Query query : queries) {
            if (!query.kind().equals("variable")) {
                String expr = substitute(query.expr(), variables, query.constants());
                if (!hasData(prometheus, expr)) {
                    missing.add(query.describe() + " -> " + expr);
                }
            }
        }
        return missing;
    }

    private static List<String> labelValues(String prometheus, String definition, Map<String, String> variables)
            throws Exception {
        Matcher m = LABEL_VALUES.matcher(definition.strip());
        if (!m.matches()) {
            // A plain query variable: the values of its result's first label.
            return List.of(hasData(prometheus, substitute(definition, variables, Map.of())) ? "any" : "");
        }
        String selector = m.group(1) == null ? null : substitute(m.group(1).strip(), variables, Map.of());
        String url = prometheus + "/api/v1/label/" + m.group(2) + "/values"
                + (selector == null ? "" : "?match[]=" + encode(selector));
        TreeSet<String> values = new TreeSet<>();
        // Escaped as Grafana escapes multi-value regex variables for Prometheus: `\\(` in the PromQL string.
        get(url).path("data")
                .forEach(v -> values.add(v.asText().replaceAll("([\\\\.^$*+?()\\[\\]{}|])", "\\\\\\\\$1")));
        values.remove("");
        return List.copyOf(values);
    }

    private static boolean hasData(String prometheus, String expr) throws Exception {
        JsonNode response = get(prometheus + "/api/v1/query?query=" + encode(expr));
        if (!"success".equals(response.path("status").asText())) {
            fail("Prometheus rejected " + expr + ": " + response);
        }
        JsonNode result = response.path("data").path("result");
        return switch (response.path("data").path("resultType").asText()) {
            case "scalar", "string" -> true;
            default -> result.size() > 0;
        };
    }

    private static String substitute(String expr, Map<String, String> variables, Map<String, String> constants) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = variables.containsKey(name) ? variables.get(name) : constants.get(name);
            if (value == null) {
                fail("undefined variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The queries of every dashboard: variables first (in order), then annotations and panel targets. */
    private static List<Query> loadQueries() throws Exception {
        if (!Files.isDirectory(DASHBOARDS)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DASHBOARDS)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<Query> queries = new ArrayList<>();
        for (Path file : files) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String title = dashboard.path("title").asText(file.getFileName().toString());
            Map<String, String> constants = new LinkedHashMap<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String name = variable.path("name").asText();
                if (variable.path("type").asText().equals("query")) {
                    JsonNode q = variable.path("query");
                    String definition = q.isObject() ? q.path("query").asText() : q.asText();
                    queries.add(new Query(title, "variable", name, definition, Map.of()));
                } else {
                    // custom, constant, interval, textbox: the value the dashboard opens with.
                    JsonNode current = variable.path("current").path("value");
                    String value = current.isArray() ? current.path(0).asText() : current.asText();
                    if (value.isEmpty() || value.equals("$__all")) {
                        value = variable.path("options")
                                .path(0)
                                .path("value")
                                .asText(variable.path("query").asText());
                    }
                    constants.put(name, value);
                }
            }
            for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                if (annotation.hasNonNull("expr") && !annotation.path("builtIn").asBoolean(false)) {
                    queries.add(new Query(
                            title,
                            "annotation",
                            annotation.path("name").asText(),
                            annotation.path("expr").asText(),
                            constants));
                }
            }
            panels(dashboard.path("panels"), title, constants, queries);
        }
        return queries;
    }

    private static void panels(JsonNode panels, String dashboard, Map<String, String> constants, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr") && !target.path("expr").asText().isBlank()) {
                    out.add(new Query(
                            dashboard,
                            "panel",
                            panel.path("title").asText() + " ["
                                    + target.path("refId").asText() + "]",
                            target.path("expr").asText(),
                            constants));
                }
            }
            panels(panel.path("panels"), dashboard, constants, out);
        }
    }

    private record Query(String dashboard, String kind, String name, String expr, Map<String, String> constants) {
        String describe() {
            return dashboard + " / " + kind + " " + name;
        }
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
