package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.prometheus.DashboardQueries.Dashboard;
import dev.incidentmonitor.prometheus.DashboardQueries.Kind;
import dev.incidentmonitor.prometheus.DashboardQueries.Query;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards of {@code grafana/} checked without Grafana, which cannot be installed on the build machines: their
 * JSON, their one datasource, their variables, links and annotations, the metrics they query, and every query's PromQL
 * (by promtool). {@code GrafanaDashboardsIT} in {@code deploy/local} runs the same queries against a live system.
 */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GRAFANA = DashboardQueries.defaultDirectory();
    private static final String PROMETHEUS = "prometheus";

    /** Grafana's built-in variables a query may use without defining them. */
    private static final Set<String> BUILT_INS = Set.of(
            "__rate_interval",
            "__interval",
            "__interval_ms",
            "__range",
            "__range_s",
            "__range_ms",
            "__from",
            "__to",
            "__all");

    /** Grafana's core panel types; a misspelt one is drawn as "panel plugin not found". */
    private static final Set<String> PANEL_TYPES = Set.of(
            "row",
            "timeseries",
            "stat",
            "gauge",
            "bargauge",
            "table",
            "state-timeline",
            "status-history",
            "heatmap",
            "barchart",
            "piechart",
            "text");

    private static final Pattern MATCHER = Pattern.compile("(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern METRIC = Pattern.compile("\\bincident_monitor[_:][A-Za-z0-9_:]*");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\((incident_monitor_\\w+)[^,]*,\\s*(\\w+)\\)");
    private static final Pattern LABEL_VALUES_SELECTOR = Pattern.compile("\\s*label_values\\((.+),\\s*\\w+\\s*\\)\\s*");

    private static DashboardQueries dashboards;
    private static JsonNode datasource;

    @BeforeAll
    static void readFiles() throws IOException {
        dashboards = DashboardQueries.load(GRAFANA);
        final JsonNode datasources = RuleFiles.read(GRAFANA.resolve("provisioning/datasources/prometheus.yaml"))
                .path("datasources");
        assertThat(datasources).as("provisioned datasources").hasSize(1);
        datasource = datasources.path(0);
    }

    @Test
    void shouldShipTheThreeDashboardsWithStableUidsWhenProvisioned() {
        assertThat(dashboards.dashboards().stream().map(Dashboard::uid))
                .containsExactlyInAnyOrder(
                        "incident-monitor-overview", "incident-monitor-reliability", "incident-monitor-availability");
        assertThat(dashboards.dashboards()).allSatisfy(d -> {
            assertThat(d.json().path("tags").toString()).as(d.title()).contains("incident-monitor");
            assertThat(d.json().path("schemaVersion").asInt()).as(d.title()).isEqualTo(39);
            assertThat(d.json().has("id") && !d.json().path("id").isNull())
                    .as(d.title() + ": a fixed numeric id clashes between Grafana instances")
                    .isFalse();
        });
    }

    @Test
    void shouldLoadTheDashboardFolderWhenGrafanaReadsTheProvider() throws IOException {
        final JsonNode providers = RuleFiles.read(GRAFANA.resolve("provisioning/dashboards/incident-monitor.yaml"))
                .path("providers");

        assertThat(providers).hasSize(1);
        assertThat(providers.path(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.path(0).path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(providers
                        .path(0)
                        .path("options")
                        .path("foldersFromFilesStructure")
                        .asBoolean())
                .isTrue();
        assertThat(dashboards.dashboards()).allSatisfy(d -> assertThat(
                        GRAFANA.resolve("dashboards").relativize(d.file()).getNameCount())
                .as(d.file() + " sits in a folder, which becomes its Grafana folder")
                .isEqualTo(2));
    }

    @Test
    void shouldGiveEveryPanelAUniqueIdWhenDashboardsAreLoaded() {
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final List<Integer> ids = new ArrayList<>();
            dashboard.panels().forEach(p -> ids.add(p.path("id").asInt(-1)));
            assertThat(ids)
                    .as(dashboard.title() + ": panel ids, rows' panels included")
                    .isNotEmpty()
                    .doesNotHaveDuplicates()
                    .doesNotContain(-1);
        }
    }

    @Test
    void shouldDescribeAndPlaceEveryPanelWhenDashboardsAreLoaded() {
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final List<int[]> boxes = new ArrayList<>();
            for (final JsonNode panel : dashboard.json().path("panels")) {
                final JsonNode grid = panel.path("gridPos");
                final int[] box = {
                    grid.path("x").asInt(-1),
                    grid.path("y").asInt(-1),
                    grid.path("w").asInt(0),
                    grid.path("h").asInt(0)
                };
                assertThat(box[0] >= 0 && box[1] >= 0 && box[2] > 0 && box[3] > 0 && box[0] + box[2] <= 24)
                        .as(dashboard.title() + ": panel " + panel.path("title") + " within the 24 columns: " + grid)
                        .isTrue();
                for (final int[] other : boxes) {
                    final boolean overlap = box[0] < other[0] + other[2]
                            && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3]
                            && other[1] < box[1] + box[3];
                    assertThat(overlap)
                            .as(dashboard.title() + ": panel " + panel.path("title") + " overlaps another")
                            .isFalse();
                }
                boxes.add(box);
            }
            for (final JsonNode panel : dashboard.panels()) {
                final String where = dashboard.title() + ": panel " + panel.path("title");
                assertThat(panel.path("type").asText()).as(where).isIn(PANEL_TYPES);
                if (!panel.path("type").asText().equals("row")) {
                    assertThat(panel.path("description").asText()).as(where).isNotBlank();
                    final List<String> refIds = new ArrayList<>();
                    panel.path("targets")
                            .forEach(t -> refIds.add(t.path("refId").asText()));
                    assertThat(refIds).as(where + ": refIds").isNotEmpty().doesNotHaveDuplicates();
                }
            }
        }
    }

    @Test
    void shouldUseOnlyTheProvisionedDatasourceWhenAnythingQueries() {
        assertThat(datasource.path("uid").asText()).isEqualTo("incident-monitor-prometheus");
        assertThat(datasource.path("type").asText()).isEqualTo(PROMETHEUS);
        final String uid = datasource.path("uid").asText();
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final Set<String> uids = new HashSet<>();
            collectDatasourceUids(dashboard.json(), uids);
            assertThat(uids)
                    .as(dashboard.title() + ": datasource uids anywhere")
                    .containsExactly(uid);

            // Every element that queries names the datasource itself, so nothing falls back to a default one.
            final Map<String, JsonNode> declared = new HashMap<>();
            for (final JsonNode panel : dashboard.panels()) {
                if (panel.has("targets")) {
                    declared.put("panel " + panel.path("title"), panel.path("datasource"));
                    for (final JsonNode target : panel.path("targets")) {
                        declared.put(
                                "panel " + panel.path("title") + " target " + target.path("refId"),
                                target.path("datasource"));
                    }
                }
            }
            for (final JsonNode variable : dashboard.json().path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    declared.put("variable " + variable.path("name"), variable.path("datasource"));
                }
            }
            for (final JsonNode annotation :
                    dashboard.json().path("annotations").path("list")) {
                declared.put("annotation " + annotation.path("name"), annotation.path("datasource"));
            }
            declared.forEach((where, ds) -> {
                assertThat(ds.path("uid").asText())
                        .as(dashboard.title() + ": " + where)
                        .isEqualTo(uid);
                assertThat(ds.path("type").asText())
                        .as(dashboard.title() + ": " + where)
                        .isEqualTo(PROMETHEUS);
            });
        }
    }

    @Test
    void shouldOfferProviderAndServiceAsDependentMultiValueQueriesWhenDashboardsAreLoaded() {
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final Map<String, JsonNode> variables = new HashMap<>();
            dashboard
                    .json()
                    .path("templating")
                    .path("list")
                    .forEach(v -> variables.put(v.path("name").asText(), v));
            for (final String name : List.of("provider", "service")) {
                final JsonNode variable = variables.get(name);
                final String where = dashboard.title() + ": variable " + name;
                assertThat(variable).as(where).isNotNull();
                assertThat(variable.path("type").asText()).as(where).isEqualTo("query");
                assertThat(variable.path("multi").asBoolean())
                        .as(where + " multi")
                        .isTrue();
                assertThat(variable.path("includeAll").asBoolean())
                        .as(where + " includeAll")
                        .isTrue();
                final String definition = variable.path("query").path("query").asText();
                assertThat(variable.path("definition").asText()).as(where).isEqualTo(definition);
                final Matcher m = LABEL_VALUES.matcher(definition);
                assertThat(m.matches())
                        .as(where + ": label_values of our metric: " + definition)
                        .isTrue();
                assertThat(m.group(2)).as(where).isEqualTo(name);
            }
            assertThat(DashboardQueries.variablesIn(
                            variables.get("service").path("query").path("query").asText()))
                    .as(dashboard.title() + ": service values follow the chosen providers")
                    .contains("provider");
        }
    }

    @Test
    void shouldDefineEveryVariableAQueryUsesWhenDashboardsAreLoaded() {
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final Set<String> defined = new HashSet<>(BUILT_INS);
            for (final JsonNode variable : dashboard.json().path("templating").path("list")) {
                // A variable may use only those defined before it (Grafana resolves them in order).
                final JsonNode query = variable.path("query");
                final String definition = query.isObject() ? query.path("query").asText() : query.asText();
                assertThat(defined)
                        .as(dashboard.title() + ": variable " + variable.path("name") + " uses variables")
                        .containsAll(DashboardQueries.variablesIn(definition));
                defined.add(variable.path("name").asText());
            }
            for (final Query query : dashboards.queries()) {
                if (query.dashboard().equals(dashboard)) {
                    assertThat(defined).as(query.where() + " uses variables").containsAll(query.variables());
                }
            }
        }
    }

    @Test
    void shouldMatchMultiValueVariablesWithRegexWhenQueriesFilterOnThem() {
        int matchers = 0;
        for (final Query query : dashboards.queries()) {
            final Matcher m = MATCHER.matcher(query.expr());
            while (m.find()) {
                final Set<String> used = DashboardQueries.variablesIn(m.group(2));
                if (used.contains("provider") || used.contains("service")) {
                    // "a|b" (several values, or "All") only works in a regex matcher.
                    assertThat(m.group(1)).as(query.where() + ": " + m.group()).isIn("=~", "!~");
                    matchers++;
                }
            }
        }
        assertThat(matchers).isGreaterThan(20);
    }

    @Test
    void shouldMarkIncidentStartsAndResolutionsWhenAnnotationsAreOn() {
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final List<String> names = new ArrayList<>();
            for (final JsonNode annotation :
                    dashboard.json().path("annotations").path("list")) {
                final String where = dashboard.title() + ": annotation " + annotation.path("name");
                assertThat(annotation.path("enable").asBoolean())
                        .as(where + " on by default")
                        .isTrue();
                // The series' value is the event's time: Grafana wants it in milliseconds.
                assertThat(annotation.path("useValueForTime").asBoolean())
                        .as(where)
                        .isTrue();
                assertThat(annotation.path("expr").asText()).as(where).contains("* 1000");
                names.add(annotation.path("name").asText());
            }
            assertThat(names).as(dashboard.title()).containsExactly("Incident start", "Incident resolved");
        }
    }

    @Test
    void shouldLinkEachDashboardToTheOtherTwoWhenDashboardsAreLoaded() {
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final Set<String> reachable = new HashSet<>();
            for (final JsonNode link : dashboard.json().path("links")) {
                if (link.path("type").asText().equals("dashboards")) {
                    // A tag link lists every dashboard that carries all of its tags.
                    final List<String> tags = new ArrayList<>();
                    link.path("tags").forEach(t -> tags.add(t.asText()));
                    for (final Dashboard other : dashboards.dashboards()) {
                        final List<String> otherTags = new ArrayList<>();
                        other.json().path("tags").forEach(t -> otherTags.add(t.asText()));
                        if (!tags.isEmpty() && otherTags.containsAll(tags)) {
                            reachable.add(other.uid());
                        }
                    }
                    assertThat(link.path("keepTime").asBoolean()
                                    && link.path("includeVars").asBoolean())
                            .as(dashboard.title() + ": links keep the time range and variables")
                            .isTrue();
                } else {
                    final Matcher m = Pattern.compile("/d/([^/?]+)")
                            .matcher(link.path("url").asText());
                    if (m.find()) {
                        reachable.add(m.group(1));
                    }
                }
            }
            assertThat(reachable)
                    .as(dashboard.title() + ": dashboards its links reach")
                    .containsAll(
                            dashboards.dashboards().stream().map(Dashboard::uid).toList());
        }
    }

    @Test
    void shouldQueryOnlyMetricsTheProjectExportsOrRecordsWhenDashboardsAreLoaded() throws IOException {
        // README's metric tables are the public interface; recording rules are the project's own series.
        final Set<String> known = new TreeSet<>();
        final Matcher documented = METRIC.matcher(
                Files.readString(RuleFiles.MODULE.resolve("../../README.md").normalize(), StandardCharsets.UTF_8));
        while (documented.find()) {
            known.add(documented.group());
        }
        for (final Path file : RuleFiles.rules()) {
            for (final JsonNode group : RuleFiles.read(file).path("groups")) {
                for (final JsonNode rule : group.path("rules")) {
                    if (rule.hasNonNull("record")) {
                        known.add(rule.path("record").asText());
                    }
                }
            }
        }
        final Set<String> used = new TreeSet<>();
        for (final Query query : dashboards.queries()) {
            final Matcher m = METRIC.matcher(query.expr());
            while (m.find()) {
                used.add(m.group());
                assertThat(known).as(query.where() + " queries " + m.group()).contains(m.group());
            }
        }
        assertThat(used).as("metrics the dashboards query").hasSizeGreaterThan(20);
    }

    @Test
    void shouldParseEveryQueryWhenPromtoolChecksThem(@TempDir final Path dir) throws Exception {
        final Promtool promtool = Promtool.require();
        final StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        final List<String> index = new ArrayList<>();
        int n = 0;
        for (final Dashboard dashboard : dashboards.dashboards()) {
            final Map<String, String> values = new HashMap<>(DashboardQueries.BUILT_INS);
            values.putAll(dashboard.defaults());
            values.put("__from", "1700000000000");
            values.put("__to", "1700003600000");
            values.put("provider", DashboardQueries.allOf(List.of("openai", "anthropic")));
            values.put("service", DashboardQueries.allOf(List.of("API", "claude.ai")));
            for (final Query query : dashboards.queries()) {
                if (!query.dashboard().equals(dashboard)) {
                    continue;
                }
                String expr = query.expr(values);
                if (query.kind() == Kind.VARIABLE) {
                    // label_values(selector, label) is Grafana's; the selector in it is PromQL.
                    final Matcher m = LABEL_VALUES_SELECTOR.matcher(expr);
                    assertThat(m.matches()).as(query.where() + ": " + expr).isTrue();
                    expr = m.group(1);
                }
                index.add("dashboard:query_" + n + " = " + query.where());
                rules.append("      - record: dashboard:query_")
                        .append(n++)
                        .append("\n        expr: ")
                        .append(JSON.writeValueAsString(expr))
                        .append('\n');
            }
        }
        assertThat(n).isGreaterThan(20);
        final Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules, StandardCharsets.UTF_8);
        final Promtool.Result result =
                promtool.run(dir, List.of("check", "rules", file.getFileName().toString()));
        assertThat(result.exitCode())
                .as(result.output() + "\nwhere each query comes from:\n" + String.join("\n", index))
                .isZero();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    private static void collectDatasourceUids(final JsonNode node, final Set<String> uids) {
        if (node.isObject()) {
            final JsonNode ds = node.get("datasource");
            if (ds != null && !ds.isNull()) {
                uids.add(ds.isObject() ? ds.path("uid").asText() : ds.asText());
            }
            node.elements().forEachRemaining(child -> collectDatasourceUids(child, uids));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectDatasourceUids(child, uids));
        }
    }
}
