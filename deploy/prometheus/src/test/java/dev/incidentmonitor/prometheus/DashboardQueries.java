package dev.incidentmonitor.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every PromQL query of the dashboards in {@code grafana/dashboards}, with where it comes from and a way to set its
 * variables. Grafana is not installable on the build machines, so its dashboards are checked through their queries:
 * {@code GrafanaDashboardsTest} parses them with promtool, and an integration test can run them against a real
 * Prometheus (copy this class: the module publishes no test jar).
 *
 * <pre>{@code
 * DashboardQueries dashboards = DashboardQueries.load(DashboardQueries.defaultDirectory());
 * for (DashboardQueries.Query query : dashboards.queries()) {
 *     Map<String, String> values = new HashMap<>(DashboardQueries.BUILT_INS);
 *     values.putAll(query.dashboard().defaults());           // custom variables, e.g. window=30d
 *     values.put("provider", DashboardQueries.allOf(List.of("openai", "anthropic")));
 *     values.put("service", ".*");
 *     String promql = query.expr(values);                    // fails on a variable without a value
 * }
 * }</pre>
 *
 * <p>What counts as a query: each query variable's definition ({@link Kind#VARIABLE}, a {@code label_values(...)} or
 * PromQL text, in the dashboard's order, which is also the order Grafana resolves them in), each annotation's {@code
 * expr} ({@link Kind#ANNOTATION}) and each panel target's {@code expr} ({@link Kind#PANEL}, panels nested in rows
 * included).
 */
public final class DashboardQueries {

    /** System property naming the {@code grafana} folder; the module's pom sets it to the repository's. */
    public static final String DIRECTORY_PROPERTY = "incident-monitor.grafana.dir";

    /**
     * Grafana's built-in variables with the values a dashboard over the last hour gives them ({@code $__rate_interval}
     * at least four scrapes of 15 s). Put them in the value map of {@link Query#expr(Map)}.
     */
    public static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "1h",
            "__range_s", "3600",
            "__range_ms", "3600000");

    /**
     * A variable in Grafana's three syntaxes: {@code ${name}} or {@code ${name:format}}, {@code $name}, {@code
     * [[name]]}. Names start with a letter or underscore, so {@code $1} of a {@code label_replace} is not one.
     */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\$([A-Za-z_]\\w*)|\\[\\[([A-Za-z_]\\w*)(?::[^]]*)?]]");

    /** What Grafana escapes in each value of a multi-value variable it puts in a Prometheus regex. */
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[$^*{}\\[\\]'+?.()|]");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a query sits in its dashboard. */
    public enum Kind {
        /** The definition of a query variable. */
        VARIABLE,
        /** An annotation's query. */
        ANNOTATION,
        /** A panel target. */
        PANEL
    }

    /**
     * One dashboard file.
     *
     * @param file the JSON file
     * @param uid the dashboard's uid
     * @param title its title
     * @param json the whole dashboard
     */
    public record Dashboard(Path file, String uid, String title, JsonNode json) {

        /** Every panel, the panels of (collapsed) rows included, in file order. */
        public List<JsonNode> panels() {
            final List<JsonNode> all = new ArrayList<>();
            collectPanels(json.path("panels"), all);
            return all;
        }

        /** The names of the dashboard's variables, in order. */
        public List<String> variables() {
            final List<String> names = new ArrayList<>();
            json.path("templating")
                    .path("list")
                    .forEach(v -> names.add(v.path("name").asText()));
            return names;
        }

        /**
         * The value each variable that is not a query (custom, constant, interval, textbox) has when the dashboard
         * opens: its {@code current} value, else its first option, else its query text.
         */
        public Map<String, String> defaults() {
            final Map<String, String> values = new LinkedHashMap<>();
            for (final JsonNode variable : json.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    continue;
                }
                final JsonNode current = variable.path("current").path("value");
                String value = current.isArray() ? current.path(0).asText() : current.asText();
                if (value.isEmpty() || value.equals("$__all")) {
                    value = variable.path("options")
                            .path(0)
                            .path("value")
                            .asText(variable.path("query").asText());
                }
                values.put(variable.path("name").asText(), value);
            }
            return values;
        }
    }

    /**
     * One query.
     *
     * @param dashboard the dashboard it belongs to
     * @param kind variable definition, annotation or panel target
     * @param name the variable's or annotation's name, or the panel's title
     * @param refId the target's refId (panels only, else empty)
     * @param expr the query as written, variables unresolved
     */
    public record Query(Dashboard dashboard, Kind kind, String name, String refId, String expr) {

        /** For messages: {@code incident-monitor / Overview: panel "Open incidents" [B]}. */
        public String where() {
            return dashboard.title() + ": " + kind.name().toLowerCase(Locale.ROOT) + " \"" + name + "\""
                    + (refId.isEmpty() ? "" : " [" + refId + "]");
        }

        /** The variables the query uses, built-ins included. */
        public Set<String> variables() {
            return variablesIn(expr);
        }

        /** The query with its variables set; see {@link #substitute(String, Map)}. */
        public String expr(final Map<String, String> values) {
            return substitute(expr, values);
        }
    }

    private final List<Dashboard> dashboards;

    private DashboardQueries(final List<Dashboard> dashboards) {
        this.dashboards = List.copyOf(dashboards);
    }

    /**
     * The {@code grafana} folder: system property {@value #DIRECTORY_PROPERTY}, else {@code ../../grafana} from the
     * working directory (surefire runs in the module directory, {@code deploy/prometheus}).
     */
    public static Path defaultDirectory() {
        final String configured = System.getProperty(DIRECTORY_PROPERTY, "");
        return (configured.isBlank() ? Path.of("../../grafana") : Path.of(configured))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Reads every {@code *.json} under {@code grafanaDirectory/dashboards}, sorted by path.
     *
     * @throws UncheckedIOException when a file cannot be read or is not JSON
     */
    public static DashboardQueries load(final Path grafanaDirectory) {
        final Path root = grafanaDirectory.resolve("dashboards");
        final List<Dashboard> dashboards = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path file :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                final JsonNode json = JSON.readTree(file.toFile());
                dashboards.add(new Dashboard(
                        file,
                        json.path("uid").asText(),
                        json.path("title").asText(file.getFileName().toString()),
                        json));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the dashboards under " + root, e);
        }
        return new DashboardQueries(dashboards);
    }

    /** The dashboards, sorted by file. */
    public List<Dashboard> dashboards() {
        return dashboards;
    }

    /**
     * Every query of every dashboard: per dashboard its variables (in order), then its annotations, then its panels'
     * targets. Blank expressions and Grafana's built-in annotation are left out.
     */
    public List<Query> queries() {
        final List<Query> queries = new ArrayList<>();
        for (final Dashboard dashboard : dashboards) {
            for (final JsonNode variable : dashboard.json().path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    final JsonNode query = variable.path("query");
                    add(
                            queries,
                            dashboard,
                            Kind.VARIABLE,
                            variable.path("name").asText(),
                            "",
                            query.isObject() ? query.path("query").asText() : query.asText());
                }
            }
            for (final JsonNode annotation :
                    dashboard.json().path("annotations").path("list")) {
                if (!annotation.path("builtIn").asBoolean(false)) {
                    add(
                            queries,
                            dashboard,
                            Kind.ANNOTATION,
                            annotation.path("name").asText(),
                            "",
                            annotation.path("expr").asText());
                }
            }
            for (final JsonNode panel : dashboard.panels()) {
                for (final JsonNode target : panel.path("targets")) {
                    add(
                            queries,
                            dashboard,
                            Kind.PANEL,
                            panel.path("title").asText(),
                            target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
        }
        return queries;
    }

    /** The queries of one kind. */
    public List<Query> queries(final Kind kind) {
        return queries().stream().filter(q -> q.kind() == kind).toList();
    }

    /** The variable names in a text, in any of Grafana's syntaxes, built-ins included. */
    public static Set<String> variablesIn(final String text) {
        final Set<String> names = new LinkedHashSet<>();
        final Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(name(m));
        }
        return names;
    }

    /**
     * Replaces every variable by its value, as is (the value of a multi-value variable is already the regex
     * alternative Grafana would put there: {@link #allOf}). A {@code :format} suffix is ignored.
     *
     * @throws IllegalArgumentException when a variable has no value, naming it and the expression
     */
    public static String substitute(final String expr, final Map<String, String> values) {
        final Matcher m = VARIABLE.matcher(expr);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String value = values.get(name(m));
            if (value == null) {
                throw new IllegalArgumentException("no value for variable $" + name(m) + " in: " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What Grafana writes for a multi-value variable with these values selected inside a Prometheus regex matcher:
     * {@code (a|b)} (one value: {@code a}), each value's regex metacharacters escaped for the regex inside a PromQL
     * string ({@code a.b} becomes {@code a\\.b}). The dashboards' "All" is their {@code allValue}, {@code .*}; a test that wants to
     * be stricter passes every value the variable's query returned.
     */
    public static String allOf(final Collection<String> values) {
        final List<String> escaped = values.stream()
                .map(v -> REGEX_SPECIAL
                        .matcher(v.replace("\\", "\\\\\\\\"))
                        .replaceAll(r -> Matcher.quoteReplacement("\\\\" + r.group())))
                .toList();
        return escaped.size() == 1 ? escaped.get(0) : escaped.stream().collect(Collectors.joining("|", "(", ")"));
    }

    private static void add(
            final List<Query> queries,
            final Dashboard dashboard,
            final Kind kind,
            final String name,
            final String refId,
            final String expr) {
        if (!expr.isBlank()) {
            queries.add(new Query(dashboard, kind, name, refId, expr));
        }
    }

    private static void collectPanels(final JsonNode panels, final List<JsonNode> into) {
        for (final JsonNode panel : panels) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    private static String name(final Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }
}
