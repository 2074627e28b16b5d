package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.prometheus.DashboardQueries.Kind;
import dev.incidentmonitor.prometheus.DashboardQueries.Query;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DashboardQueries} on small dashboards written here, so each rule it follows is seen to hold. */
class DashboardQueriesTest {

    private static final String DASHBOARD =
            """
            {
              "uid": "d1", "title": "One",
              "templating": {"list": [
                {"name": "provider", "type": "query", "query": {"query": "label_values(m, provider)"}},
                {"name": "window", "type": "custom", "query": "7d,30d", "current": {"value": "30d"}},
                {"name": "step", "type": "interval", "query": "1m,5m", "current": {"value": "$__all"},
                 "options": [{"value": "1m"}, {"value": "5m"}]}
              ]},
              "annotations": {"list": [
                {"name": "Grafana", "builtIn": 1, "expr": "ignored"},
                {"name": "Start", "expr": "m_start{provider=~\\"$provider\\"} * 1000"}
              ]},
              "panels": [
                {"id": 1, "type": "stat", "title": "Top",
                 "targets": [{"refId": "A", "expr": "sum(rate(m[$__rate_interval]))"}, {"refId": "B", "expr": " "}]},
                {"id": 2, "type": "row", "title": "Row", "collapsed": true, "panels": [
                  {"id": 3, "type": "table", "title": "Nested",
                   "targets": [{"refId": "A", "expr": "m{window=\\"${window}\\", p=~\\"[[provider]]\\"}"}]}
                ]}
              ]
            }
            """;

    @Test
    void shouldListVariablesAnnotationsAndNestedPanelsInOrderWhenLoadingADashboard(@TempDir final Path grafana)
            throws IOException {
        write(grafana, "folder/one.json", DASHBOARD);

        final List<Query> queries = DashboardQueries.load(grafana).queries();

        assertThat(queries)
                .extracting(Query::kind, Query::name, Query::refId)
                .containsExactly(
                        tuple(Kind.VARIABLE, "provider", ""),
                        tuple(Kind.ANNOTATION, "Start", ""),
                        tuple(Kind.PANEL, "Top", "A"),
                        tuple(Kind.PANEL, "Nested", "A"));
        assertThat(queries.get(3).where()).isEqualTo("One: panel \"Nested\" [A]");
        assertThat(queries.get(3).variables()).containsExactly("window", "provider");
        assertThat(DashboardQueries.load(grafana).queries(Kind.PANEL)).hasSize(2);
    }

    @Test
    void shouldTakeEachNonQueryVariablesOpeningValueWhenAskedForDefaults(@TempDir final Path grafana)
            throws IOException {
        write(grafana, "folder/one.json", DASHBOARD);

        final DashboardQueries.Dashboard dashboard =
                DashboardQueries.load(grafana).dashboards().get(0);

        assertThat(dashboard.defaults()).containsExactly(Map.entry("window", "30d"), Map.entry("step", "1m"));
        assertThat(dashboard.variables()).containsExactly("provider", "window", "step");
        assertThat(dashboard.panels()).extracting(p -> p.path("id").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldReplaceEverySyntaxOfAVariableWhenSubstituting() {
        final Map<String, String> values = Map.of("provider", "(a|b)", "window", "30d", "__rate_interval", "1m");

        assertThat(DashboardQueries.substitute(
                        "m{p=~\"$provider\", w=\"${window}\", q=~\"${provider:regex}\", r=~\"[[provider]]\"}"
                                + "[$__rate_interval]",
                        values))
                .isEqualTo("m{p=~\"(a|b)\", w=\"30d\", q=~\"(a|b)\", r=~\"(a|b)\"}[1m]");
        // label_replace's $1 is not a variable.
        assertThat(DashboardQueries.substitute("label_replace(m, \"x\", \"$1\", \"y\", \"(.*)\")", Map.of()))
                .isEqualTo("label_replace(m, \"x\", \"$1\", \"y\", \"(.*)\")");
    }

    @Test
    void shouldNameTheVariableWhenItHasNoValue() {
        assertThatThrownBy(() -> DashboardQueries.substitute("m{s=~\"$service\"}", Map.of("provider", ".*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$service");
    }

    @Test
    void shouldEscapeRegexCharactersAsGrafanaDoesWhenJoiningSeveralValues() {
        assertThat(DashboardQueries.allOf(List.of("claude.ai", "API (v1)")))
                .isEqualTo("(claude\\\\.ai|API \\\\(v1\\\\))");
        assertThat(DashboardQueries.allOf(List.of("openai"))).isEqualTo("openai");
        assertThat(DashboardQueries.allOf(List.of("a\\b"))).isEqualTo("a\\\\\\\\b");
    }

    private static void write(final Path grafana, final String relative, final String json) throws IOException {
        final Path file = grafana.resolve("dashboards").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }
}
