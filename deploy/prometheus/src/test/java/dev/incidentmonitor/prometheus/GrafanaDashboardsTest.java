package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards of {@code grafana/} checked without Grafana: their JSON, their one datasource, their variables, and
 * every query's PromQL (by promtool). {@code GrafanaDashboardsIT} in {@code deploy/local} runs the same queries against
 * a live system.
 */
class GrafanaDashboardsTest {

    private static final Path GRAFANA =
            RuleFiles.MODULE.resolve("../../grafana").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)]]");
    private static final Set<String> BUILT_INS =
            Set.of("__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms", "__all");

    private static Map<Path, JsonNode> dashboards;
    private static String datasourceUid;

    @BeforeAll
    static void readFiles() throws IOException {
        dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(GRAFANA.resolve("dashboards"))) {
            for (final Path file :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(file, JSON.readTree(file.toFile()));
            }
        }
        final JsonNode datasources = RuleFiles.read(GRAFANA.resolve("provisioning/datasources/prometheus.yaml"))
                .path("datasources");
        assertThat(datasources).hasSize(1);
        datasourceUid = datasources.path(0).path("uid").asText();
    }

    @Test
    void shouldShipTheThreeDashboardsWithStableUidsWhenProvisioned() {
        assertThat(dashboards.values().stream().map(d -> d.path("uid").asText()))
                .containsExactlyInAnyOrder(
                        "incident-monitor-overview", "incident-monitor-reliability", "incident-monitor-availability");
        assertThat(dashboards.values())
                .allSatisfy(d -> assertThat(d.path("tags").toString()).contains("incident-monitor"));
    }

    @Test
    void shouldGiveEveryPanelAUniqueIdWhenDashboardsAreLoaded() {
        dashboards.forEach((file, dashboard) -> {
            final List<Integer> ids = new ArrayList<>();
            panels(dashboard.path("panels")).forEach(p -> ids.add(p.path("id").asInt(-1)));
            assertThat(ids)
                    .as(file.toString())
                    .isNotEmpty()
                    .doesNotHaveDuplicates()
                    .doesNotContain(-1);
        });
    }

    @Test
    void shouldUseOnlyTheProvisionedDatasourceWhenAnythingQueries() {
        assertThat(datasourceUid).isEqualTo("incident-monitor-prometheus");
        dashboards.forEach((file, dashboard) -> {
            final Set<String> uids = new HashSet<>();
            collectDatasourceUids(dashboard, uids);
            assertThat(uids).as(file + ": datasource uids").containsExactly(datasourceUid);
            for (final JsonNode panel : panels(dashboard.path("panels"))) {
                if (panel.has("targets")) {
                    assertThat(panel.path("datasource").path("uid").asText())
                            .as(file + " panel " + panel.path("title"))
                            .isEqualTo(datasourceUid);
                }
            }
        });
    }

    @Test
    void shouldDefineEveryVariableAQueryUsesWhenDashboardsAreLoaded() {
        dashboards.forEach((file, dashboard) -> {
            final Set<String> defined = new HashSet<>(BUILT_INS);
            final List<String> names = new ArrayList<>();
            for (final JsonNode variable : dashboard.path("templating").path("list")) {
                // A variable may use only those defined before it (Grafana resolves them in order).
                for (final String used : variablesIn(definition(variable))) {
                    assertThat(defined)
                            .as(file + ": variable " + variable.path("name") + " uses $" + used)
                            .contains(used);
                }
                defined.add(variable.path("name").asText());
                names.add(variable.path("name").asText());
            }
            assertThat(names).as(file.toString()).contains("provider", "service");
            for (final Query query : queries(dashboard)) {
                assertThat(defined)
                        .as(file + ": " + query.where() + " uses variables")
                        .containsAll(variablesIn(query.expr()));
            }
        });
    }

    @Test
    void shouldParseEveryQueryWhenPromtoolChecksThem(@TempDir final Path dir) throws Exception {
        final Promtool promtool = Promtool.require();
        final StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int n = 0;
        for (final JsonNode dashboard : dashboards.values()) {
            for (final Query query : queries(dashboard)) {
                rules.append("      - record: dashboard:query_")
                        .append(n++)
                        .append("\n        expr: ")
                        .append(JSON.writeValueAsString(substitute(query.expr())))
                        .append('\n');
            }
        }
        assertThat(n).isGreaterThan(20);
        final Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules, StandardCharsets.UTF_8);
        final Promtool.Result result =
                promtool.run(dir, List.of("check", "rules", file.getFileName().toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** Every panel, rows' nested panels included. */
    private static List<JsonNode> panels(final JsonNode panels) {
        final List<JsonNode> all = new ArrayList<>();
        for (final JsonNode panel : panels) {
            all.add(panel);
            all.addAll(panels(panel.path("panels")));
        }
        return all;
    }

    private static void collectDatasourceUids(final JsonNode node, final Set<String> uids) {
        if (node.isObject()) {
            final JsonNode datasource = node.get("datasource");
            if (datasource != null && !datasource.isNull()) {
                uids.add(datasource.isObject() ? datasource.path("uid").asText() : datasource.asText());
            }
            node.elements().forEachRemaining(child -> collectDatasourceUids(child, uids));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectDatasourceUids(child, uids));
        }
    }

    private record Query(String where, String expr) {}

    private static List<Query> queries(final JsonNode dashboard) {
        final List<Query> queries = new ArrayList<>();
        for (final JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.hasNonNull("expr")) {
                queries.add(new Query(
                        "annotation " + annotation.path("name"),
                        annotation.path("expr").asText()));
            }
        }
        for (final JsonNode panel : panels(dashboard.path("panels"))) {
            for (final JsonNode target : panel.path("targets")) {
                queries.add(new Query(
                        "panel " + panel.path("title") + " " + target.path("refId"),
                        target.path("expr").asText()));
            }
        }
        return queries;
    }

    private static String definition(final JsonNode variable) {
        final JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    private static Set<String> variablesIn(final String text) {
        final Set<String> names = new HashSet<>();
        final Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /** A query with its variables replaced by plain values of the right kind, for promtool's parser. */
    private static String substitute(final String expr) {
        final Matcher m = VARIABLE.matcher(expr);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            final String value =
                    switch (name) {
                        case "__rate_interval", "__interval", "__range" -> "5m";
                        case "__interval_ms", "__range_s", "__range_ms" -> "300";
                        default -> "value";
                    };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
