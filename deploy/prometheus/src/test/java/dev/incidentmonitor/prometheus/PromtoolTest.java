package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scrape configs, rule files and rule unit tests of {@code deploy/prometheus}, checked by promtool exactly as
 * an operator would ({@code docs/runbook.md#testing-the-rules}), with every lint made fatal. Two mutation tests
 * prove the unit tests catch a rule that loses its multi-window logic or its import guard.
 */
class PromtoolTest {

    private Promtool promtool;

    /** Per test, not per class, so that a missing promtool shows as every test skipped with its reason. */
    @BeforeEach
    void requirePromtool() {
        promtool = Promtool.require();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prometheus.yml", "prometheus-compose.yml"})
    void shouldAcceptScrapeConfigAndItsRuleFilesWhenCheckedByPromtool(final String config) throws Exception {
        final Promtool.Result result =
                promtool.run(RuleFiles.MODULE, List.of("check", "config", "--lint=all", "--lint-fatal", config));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + RuleFiles.rules().size() + " rule files found");
    }

    @ParameterizedTest
    @MethodSource("ruleFiles")
    void shouldAcceptRuleFileWhenCheckedByPromtool(final Path file) throws Exception {
        final Promtool.Result result =
                promtool.run(RuleFiles.MODULE, List.of("check", "rules", "--lint=all", "--lint-fatal", relative(file)));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @ParameterizedTest
    @MethodSource("unitTestFiles")
    void shouldPassRuleUnitTestsWhenRunByPromtool(final Path file) throws Exception {
        final Promtool.Result result = promtool.run(RuleFiles.MODULE, List.of("test", "rules", relative(file)));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void shouldFailUnitTestsWhenFastBurnLosesItsLongWindow(@TempDir final Path dir) throws Exception {
        final Path copy = copyModule(dir);
        mutate(
                copy.resolve("rules/availability.yml"),
                "incident_monitor:burn_rate:rate1h > 14.4",
                "incident_monitor:burn_rate:rate5m > 14.4");

        final Promtool.Result result = promtool.run(copy, List.of("test", "rules", "tests/availability_test.yml"));

        // Without the hour, the 3-minute spike pages.
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("alertname: AvailabilityErrorBudgetBurnFast, time: 1h4m");
    }

    @Test
    void shouldFailUnitTestsWhenImportGuardIsRemoved(@TempDir final Path dir) throws Exception {
        final Path copy = copyModule(dir);
        mutate(copy.resolve("rules/availability.yml"), "[1h]) > 12)", "[1h]) > 1e12)");

        final Promtool.Result result = promtool.run(copy, List.of("test", "rules", "tests/availability_test.yml"));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("alertname: AvailabilityErrorBudgetBurnFast, time: 35m");
    }

    static Stream<Path> ruleFiles() throws IOException {
        final List<Path> files = new ArrayList<>(RuleFiles.rules());
        files.addAll(RuleFiles.exampleRules());
        return files.stream();
    }

    static Stream<Path> unitTestFiles() throws IOException {
        return RuleFiles.unitTests().stream();
    }

    private static String relative(final Path file) {
        return RuleFiles.MODULE.relativize(file).toString();
    }

    private static Path copyModule(final Path dir) throws IOException {
        for (final String sub : List.of("rules", "tests")) {
            final Path target = Files.createDirectories(dir.resolve(sub));
            try (Stream<Path> files = Files.list(RuleFiles.MODULE.resolve(sub))) {
                for (final Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName().toString()));
                }
            }
        }
        return dir;
    }

    private static void mutate(final Path file, final String from, final String to) throws IOException {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as("mutation target in %s", file).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }
}
