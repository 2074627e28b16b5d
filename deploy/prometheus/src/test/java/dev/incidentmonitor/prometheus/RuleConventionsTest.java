package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every rule owes its reader, checked without promtool: an alert has a severity of {@code page} or
 * {@code ticket}, a summary, a description and a runbook section that exists; every alert is unit-tested both
 * firing and not firing; every recording rule is checked by at least one PromQL unit test; and the runbook's own
 * links lead somewhere.
 */
class RuleConventionsTest {

    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern LINK = Pattern.compile("\\]\\(#([^)]+)\\)");

    private static final Map<String, JsonNode> alerts = new HashMap<>();
    private static final Set<String> records = new TreeSet<>();
    private static final Map<String, List<JsonNode>> alertCases = new HashMap<>();
    private static final List<String> testedExpressions = new ArrayList<>();
    private static Set<String> anchors;
    private static String runbook;

    @BeforeAll
    static void readFiles() throws IOException {
        for (final Path file : RuleFiles.rules()) {
            for (final JsonNode group : RuleFiles.read(file).path("groups")) {
                for (final JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        assertThat(alerts.put(rule.get("alert").asText(), rule))
                                .as("alert %s defined twice", rule.get("alert").asText())
                                .isNull();
                    } else {
                        records.add(rule.get("record").asText());
                    }
                }
            }
        }
        for (final Path file : RuleFiles.unitTests()) {
            for (final JsonNode test : RuleFiles.read(file).path("tests")) {
                for (final JsonNode alertCase : test.path("alert_rule_test")) {
                    alertCases
                            .computeIfAbsent(alertCase.get("alertname").asText(), a -> new ArrayList<>())
                            .add(alertCase);
                }
                for (final JsonNode exprCase : test.path("promql_expr_test")) {
                    testedExpressions.add(exprCase.get("expr").asText());
                }
            }
        }
        runbook = Files.readString(RuleFiles.RUNBOOK, StandardCharsets.UTF_8);
        anchors = new HashSet<>();
        final Matcher heading = HEADING.matcher(runbook);
        while (heading.find()) {
            anchors.add(githubAnchor(heading.group(1)));
        }
    }

    @Test
    void shouldFindTheShippedAlertsWhenReadingTheRuleFiles() {
        assertThat(alerts)
                .containsOnlyKeys(
                        "AvailabilityErrorBudgetBurnFast",
                        "AvailabilityErrorBudgetBurnMedium",
                        "AvailabilityErrorBudgetBurnSlow",
                        "ServiceMajorOutage",
                        "IncidentOpenBeyondP90TimeToResolve",
                        "StatusSourceStale",
                        "IngestServiceDown",
                        "DeadLettersGrowing",
                        "StreamsAppNotRunning");
    }

    @Test
    void shouldCarrySeveritySummaryDescriptionAndRunbookWhenRuleIsAnAlert() {
        alerts.forEach((name, rule) -> {
            assertThat(rule.path("labels").path("severity").asText())
                    .as("severity of %s", name)
                    .isIn("page", "ticket");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as("summary of %s", name)
                    .isNotBlank();
            assertThat(rule.path("annotations").path("description").asText())
                    .as("description of %s", name)
                    .isNotBlank();
            final String anchor = name.toLowerCase(Locale.ROOT);
            assertThat(rule.path("annotations").path("runbook_url").asText())
                    .as("runbook_url of %s", name)
                    .isEqualTo("docs/runbook.md#" + anchor);
            assertThat(anchors).as("runbook section for %s", name).contains(anchor);
        });
    }

    @Test
    void shouldTestEveryAlertFiringAndNotFiringWhenReadingTheUnitTests() {
        alerts.keySet().forEach(name -> {
            final List<JsonNode> cases = alertCases.getOrDefault(name, List.of());
            assertThat(cases).as("a unit test in which %s fires", name).anyMatch(c -> !c.path("exp_alerts")
                    .isEmpty());
            assertThat(cases).as("a unit test in which %s does not fire", name).anyMatch(c -> c.path("exp_alerts")
                    .isEmpty());
        });
        assertThat(alertCases.keySet())
                .as("unit tests of alerts that do not exist")
                .isSubsetOf(alerts.keySet());
    }

    @Test
    void shouldCheckEveryRecordingRuleWhenReadingTheUnitTests() {
        records.forEach(record -> assertThat(testedExpressions)
                .as("a promql_expr_test reading %s", record)
                .anyMatch(expr -> Pattern.compile(Pattern.quote(record) + "(?![a-z0-9_:])")
                        .matcher(expr)
                        .find()));
    }

    @Test
    void shouldLeadToAHeadingWhenRunbookLinksWithinItself() {
        final Matcher link = LINK.matcher(runbook);
        final List<String> targets = new ArrayList<>();
        while (link.find()) {
            targets.add(link.group(1));
        }
        assertThat(targets).isNotEmpty();
        assertThat(anchors).containsAll(targets);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static String githubAnchor(final String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-');
    }
}
