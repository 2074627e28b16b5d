package dev.incidentmonitor.streams.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;

    /** Figures chosen so that any rounding shows: thirds of an hour and of a day, and a single millisecond. */
    private static ServiceReport api() {
        return new ServiceReport(
                "openai",
                "api",
                "API",
                227,
                new Statistic(HOUR / 3, null, 52),
                new Statistic(1L, null, 65),
                new Statistic(2 * HOUR + 1, null, 146),
                new Statistic(DAY / 3, null, 18),
                new Statistic(5 * HOUR / 3, 1_234_567L, 218),
                new Statistic(4 * DAY + 7, 2 * DAY / 3, 226));
    }

    /** A service with almost nothing defined. */
    private static ServiceReport labs() {
        return new ServiceReport(
                "openai",
                "labs",
                "Labs",
                1,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                new Statistic(HOUR, HOUR, 1),
                Statistic.NONE);
    }

    private static ServiceReport claude() {
        return new ServiceReport(
                "anthropic",
                "claude.ai",
                "claude.ai",
                2,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                new Statistic(DAY, DAY, 1));
    }

    private static ServiceReport openaiProvider() {
        return new ServiceReport(
                "openai",
                null,
                "openai",
                228,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE,
                Statistic.NONE);
    }

    private static DatasetReport report() {
        return DatasetReport.of(
                List.of(api(), labs(), claude()),
                List.of(openaiProvider()),
                Map.of("S4", 3, "S1-S3-S4", 7, "S1-S2-S3-S4-S5", 1));
    }

    private static String render(final ReportFormat format, final DatasetReport report) throws IOException {
        final StringWriter out = new StringWriter();
        format.write(report, out);
        return out.toString();
    }

    @Test
    void shouldWriteUnroundedFiguresWhenFormatIsJson() throws IOException {
        final JsonNode api = new ObjectMapper()
                .readTree(render(ReportFormat.JSON, report()))
                .get("services")
                .get(1);

        assertThat(api.get("provider").asText()).isEqualTo("openai");
        assertThat(api.get("service").asText()).isEqualTo("API");
        assertThat(api.get("incidents").asInt()).isEqualTo(227);
        assertThat(api.get("p_i_hours").doubleValue()).isEqualTo((HOUR / 3) / 3_600_000.0);
        assertThat(api.get("p_r_hours").doubleValue()).isEqualTo(1 / 3_600_000.0);
        assertThat(api.get("p_c_hours").doubleValue()).isEqualTo((2 * HOUR + 1) / 3_600_000.0);
        assertThat(api.get("p_l_days").doubleValue()).isEqualTo((DAY / 3) / 86_400_000.0);
        assertThat(api.get("mttr_hours").doubleValue()).isEqualTo((5 * HOUR / 3) / 3_600_000.0);
        assertThat(api.get("mtbf_days").doubleValue()).isEqualTo((4 * DAY + 7) / 86_400_000.0);
        assertThat(api.get("mttr_median_hours").doubleValue()).isEqualTo(1_234_567 / 3_600_000.0);
        assertThat(api.get("mtbf_median_days").doubleValue()).isEqualTo((2 * DAY / 3) / 86_400_000.0);
        final JsonNode samples = api.get("samples");
        assertThat(List.of(
                        samples.get("p_i").asInt(),
                        samples.get("p_r").asInt(),
                        samples.get("p_c").asInt(),
                        samples.get("p_l").asInt(),
                        samples.get("mttr").asInt(),
                        samples.get("mtbf").asInt()))
                .containsExactly(52, 65, 146, 18, 218, 226);
    }

    @Test
    void shouldWriteFieldsInIssueOrderWhenFormatIsJson() throws IOException {
        final JsonNode root = new ObjectMapper().readTree(render(ReportFormat.JSON, report()));

        assertThat(fieldNames(root)).containsExactly("services", "status_combinations");
        assertThat(fieldNames(root.get("services").get(0)))
                .containsExactly(
                        "provider",
                        "service",
                        "incidents",
                        "p_i_hours",
                        "p_r_hours",
                        "p_c_hours",
                        "p_l_days",
                        "mttr_hours",
                        "mtbf_days",
                        "mttr_median_hours",
                        "mtbf_median_days",
                        "samples");
        assertThat(fieldNames(root.get("services").get(0).get("samples")))
                .containsExactly("p_i", "p_r", "p_c", "p_l", "mttr", "mtbf");
    }

    @Test
    void shouldWriteNullAndZeroSamplesWhenFigureIsUndefined() throws IOException {
        final JsonNode labs = new ObjectMapper()
                .readTree(render(ReportFormat.JSON, report()))
                .get("services")
                .get(2);

        assertThat(labs.get("service").asText()).isEqualTo("Labs");
        for (final String field :
                List.of("p_i_hours", "p_r_hours", "p_c_hours", "p_l_days", "mtbf_days", "mtbf_median_days")) {
            assertThat(labs.get(field).isNull()).as(field).isTrue();
        }
        assertThat(labs.get("mttr_hours").doubleValue()).isEqualTo(1.0);
        assertThat(labs.get("samples").get("p_i").asInt()).isZero();
        assertThat(labs.get("samples").get("mttr").asInt()).isEqualTo(1);
    }

    @Test
    void shouldSortServicesAndLeaveOutProvidersWhenFormatIsJson() throws IOException {
        final JsonNode root = new ObjectMapper().readTree(render(ReportFormat.JSON, report()));

        final List<String> names = new ArrayList<>();
        root.get("services")
                .forEach(s -> names.add(
                        s.get("provider").asText() + "/" + s.get("service").asText()));
        assertThat(names).containsExactly("anthropic/claude.ai", "openai/API", "openai/Labs");
        assertThat(fieldNames(root.get("status_combinations"))).containsExactly("S1-S2-S3-S4-S5", "S1-S3-S4", "S4");
        assertThat(root.get("status_combinations").get("S1-S3-S4").asInt()).isEqualTo(7);
    }

    @Test
    void shouldPrintTablesWithSamplesAndDashesWhenFormatIsText() throws IOException {
        final List<String> lines = render(ReportFormat.TEXT, report()).lines().toList();

        assertThat(lines.get(0)).startsWith("Services, all time");
        assertThat(lines.get(1))
                .containsSubsequence(
                        "provider",
                        "service",
                        "incidents",
                        "P_I h (n)",
                        "P_R h (n)",
                        "P_C h (n)",
                        "P_L d (n)",
                        "MTTR h (n)",
                        "MTBF d (n)",
                        "MTTR med h",
                        "MTBF med d");
        assertThat(lines.get(2)).startsWith("anthropic").contains("claude.ai");
        assertThat(lines.get(3))
                .startsWith("openai")
                .containsSubsequence(
                        "API",
                        "227",
                        "0.333 (52)",
                        "0.000 (65)",
                        "2.000 (146)",
                        "0.333 (18)",
                        "1.667 (218)",
                        "4.000 (226)",
                        "0.343",
                        "0.667");
        assertThat(lines.get(4)).containsSubsequence("Labs", "1", "- (0)", "- (0)", "1.000 (1)", "- (0)", "1.000", "-");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Providers, all time"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("openai").contains("228"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Status combinations (11 incidents"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("S1-S3-S4 +7"));
    }

    @Test
    void shouldAlignColumnsWhenFormatIsText() throws IOException {
        final List<String> table =
                render(ReportFormat.TEXT, report()).lines().skip(1).limit(4).toList();

        final int incidentsEnd = table.get(0).indexOf("incidents") + "incidents".length();
        for (final String row : table.subList(1, table.size())) {
            assertThat(row.charAt(incidentsEnd - 1)).as(row).isNotEqualTo(' ');
            assertThat(row.charAt(incidentsEnd)).as(row).isEqualTo(' ');
        }
    }

    @Test
    void shouldNameKnownFormatsWhenFormatIsUnknown() {
        assertThat(ReportFormat.parse("JSON")).isEqualTo(ReportFormat.JSON);
        assertThat(ReportFormat.parse("text")).isEqualTo(ReportFormat.TEXT);
        assertThatThrownBy(() -> ReportFormat.parse("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown report format 'xml' (expected one of: text, json)");
    }

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
