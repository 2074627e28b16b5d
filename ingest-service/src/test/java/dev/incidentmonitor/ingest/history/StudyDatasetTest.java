package dev.incidentmonitor.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.incidentmonitor.ingest.history.CsvRecords.CsvRecord;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.IncidentStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The importer on the published study's raw data ({@code datasets/llm-service-analysis/data/raw} under the
 * shared directory given by the system property {@code incident-monitor.shared.dir}), checked against the
 * numbers in {@code datasets/README.md} and against the study's own clean incident table.
 */
class StudyDatasetTest {

    private static final String SHARED_DIR = "incident-monitor.shared.dir";
    private static final List<String> STAGES =
            List.of("investigating", "identified", "monitoring", "resolved", "postmortem");
    private static final DateTimeFormatter CLEAN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

    private static Path data;
    private static ImportResult result;

    /** Skips each test (so that every one shows as skipped, with the reason) when no shared dir is given. */
    @BeforeEach
    void importTheStudyOnce() throws IOException {
        final String shared = System.getProperty(SHARED_DIR, "");
        Assumptions.assumeTrue(
                !shared.isBlank(),
                "system property " + SHARED_DIR + " is not set: skipping the checks on the study's dataset"
                        + " (run with -D" + SHARED_DIR + "=/work/shared)");
        if (result == null) {
            data = Path.of(shared, "datasets", "llm-service-analysis", "data");
            assertThat(data.resolve("raw"))
                    .as("%s is set, so the study's data must be there", SHARED_DIR)
                    .isDirectory();
            result = new HistoryImporter().importDirectory(data.resolve("raw"));
        }
    }

    @Test
    void shouldImportEveryIncidentWhenReadingTheStudy() {
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.incidentCount()).isEqualTo(542);
        assertThat(result.incidents())
                .containsOnlyKeys("anthropic", "character-ai", "openai")
                .hasEntrySatisfying("openai", l -> assertThat(l).hasSize(365))
                .hasEntrySatisfying("anthropic", l -> assertThat(l).hasSize(141))
                .hasEntrySatisfying("character-ai", l -> assertThat(l).hasSize(36));
    }

    @Test
    void shouldCountUpdateTitlesAsTheStudyWhenReadingAllUpdates() {
        final Map<IncidentStatus, Long> titles = allIncidents().stream()
                .flatMap(i -> i.updates().stream())
                .collect(Collectors.groupingBy(
                        UpdateSnapshot::status, () -> new EnumMap<>(IncidentStatus.class), Collectors.counting()));

        assertThat(titles)
                .containsOnly(
                        entry(IncidentStatus.RESOLVED, 542L),
                        entry(IncidentStatus.INVESTIGATING, 393L),
                        entry(IncidentStatus.MONITORING, 304L),
                        entry(IncidentStatus.UPDATE, 271L),
                        entry(IncidentStatus.IDENTIFIED, 211L),
                        entry(IncidentStatus.POSTMORTEM, 33L));
        assertThat(allIncidents().stream().flatMap(i -> i.updates().stream()).map(UpdateSnapshot::id))
                .hasSize(1754)
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldCountIncidentsPerServiceAsTheStudyWhenReadingTheAffectedLine() {
        final Map<String, Long> perService = new TreeMap<>();
        int withoutStudyService = 0;
        for (final IncidentSnapshot incident : allIncidents()) {
            final List<String> ids = incident.components().stream()
                    .map(ComponentRef::id)
                    .filter(id -> StudyCatalog.icpe25().services().containsKey(id))
                    .toList();
            ids.forEach(id -> perService.merge(id, 1L, Long::sum));
            withoutStudyService += ids.isEmpty() ? 1 : 0;
        }

        assertThat(perService)
                .containsOnly(
                        entry("api", 231L),
                        entry("chatgpt", 143L),
                        entry("labs", 32L),
                        entry("playground", 33L),
                        entry("api.anthropic.com", 76L),
                        entry("claude.ai", 86L),
                        entry("console.anthropic.com", 72L),
                        entry("character.ai", 36L));
        assertThat(withoutStudyService).isEqualTo(67);
        assertThat(allIncidents().stream().flatMap(i -> i.components().stream()).map(ComponentRef::id))
                .contains("claude-on-vertex-ai", "anthropic.com");
    }

    @Test
    void shouldMatchTheStudysStageTimesWhenTakingTheEarliestUpdatePerStatus() throws IOException {
        final List<CsvRecord> clean =
                CsvRecords.parse(Files.readString(data.resolve("clean/incident/2024-08-31/incident_stages.csv")));
        final List<String> header = clean.get(0).fields();
        final Map<String, IncidentSnapshot> byKey = new HashMap<>();
        result.incidents().forEach((provider, list) -> list.forEach(i -> byKey.put(provider + "/" + i.id(), i)));

        final List<String> mismatches = new ArrayList<>();
        final Map<String, Integer> present = new TreeMap<>();
        for (final CsvRecord row : clean.subList(1, clean.size())) {
            final Function<String, String> col = name -> row.fields().get(header.indexOf(name));
            final String provider = col.apply("provider").equals("character") ? "character-ai" : col.apply("provider");
            final IncidentSnapshot incident = byKey.remove(provider + "/" + col.apply("incident_id"));
            if (incident == null) {
                mismatches.add("not imported: " + provider + "/" + col.apply("incident_id"));
                continue;
            }
            for (final String stage : STAGES) {
                final String text = col.apply(stage + "_timestamp");
                final Instant expected = text.isEmpty()
                        ? null
                        : OffsetDateTime.parse(text, CLEAN_TIME).toInstant();
                final Instant earliest = incident.updates().stream()
                        .filter(u -> u.status().name().equalsIgnoreCase(stage))
                        .map(UpdateSnapshot::displayAt)
                        .min(Instant::compareTo)
                        .orElse(null);
                if (expected == null ? earliest != null : !expected.equals(earliest)) {
                    mismatches.add(incident.id() + " " + stage + ": study " + expected + ", imported " + earliest);
                }
                if (earliest != null) {
                    present.merge(stage, 1, Integer::sum);
                }
            }
            final List<String> flagged = Arrays.asList(
                            "API",
                            "ChatGPT",
                            "Labs",
                            "Playground",
                            "api.anthropic.com",
                            "claude.ai",
                            "console.anthropic.com",
                            "Character.AI")
                    .stream()
                    .filter(service -> col.apply(service).equals("1"))
                    .map(StudyCatalog::componentId)
                    .sorted()
                    .toList();
            final List<String> named = incident.components().stream()
                    .map(ComponentRef::id)
                    .filter(id -> StudyCatalog.icpe25().services().containsKey(id))
                    .sorted()
                    .toList();
            if (!flagged.equals(named)) {
                mismatches.add(incident.id() + " services: study " + flagged + ", imported " + named);
            }
        }

        assertThat(clean).hasSize(543);
        assertThat(mismatches).isEmpty();
        assertThat(byKey).as("imported but not in the study's table").isEmpty();
        assertThat(present)
                .containsOnly(
                        entry("investigating", 381),
                        entry("identified", 205),
                        entry("monitoring", 291),
                        entry("resolved", 542),
                        entry("postmortem", 33));
    }

    @Test
    void shouldReadEveryServiceDayWhenReadingTheUptimeCalendars() {
        final Map<String, Long> days = result.dayTotals().stream()
                .collect(Collectors.groupingBy(ServiceDayTotal::componentId, TreeMap::new, Collectors.counting()));

        assertThat(result.dayTotals()).hasSize(5243);
        assertThat(days)
                .containsOnly(
                        entry("api", 1298L),
                        entry("playground", 1250L),
                        entry("chatgpt", 565L),
                        entry("labs", 558L),
                        entry("api.anthropic.com", 418L),
                        entry("claude.ai", 418L),
                        entry("console.anthropic.com", 418L),
                        entry("character.ai", 318L));
        assertThat(result.dayTotals()).noneMatch(ServiceDayTotal::clamped);
        assertThat(result.dayTotals())
                .filteredOn(d -> d.componentId().equals("api"))
                .first()
                .extracting(ServiceDayTotal::provider, ServiceDayTotal::date)
                .containsExactly("openai", java.time.LocalDate.of(2021, 2, 11));
        assertThat(result.statusChanges())
                .extracting(HistoricalStatusChange::provider)
                .containsOnly("openai", "anthropic", "character-ai");
    }

    @Test
    void shouldGiveBackEachServiceDaysMinutesWhenReplayingTheStudysIntervals() {
        final Map<ReplayedMinutes.Key, long[]> replayed =
                ReplayedMinutes.perDay(result.statusChanges(), StudyCatalog.PACIFIC);

        final List<String> mismatches = new ArrayList<>();
        long major = 0;
        long partial = 0;
        for (final ServiceDayTotal day : result.dayTotals()) {
            final long[] got = replayed.remove(new ReplayedMinutes.Key(day.componentId(), day.date()));
            final long[] minutes = got == null ? new long[2] : got;
            if (minutes[0] != day.majorMinutes() || minutes[1] != day.partialMinutes()) {
                mismatches.add(day + " replayed " + Arrays.toString(minutes));
            }
            major += day.majorMinutes();
            partial += day.partialMinutes();
        }

        assertThat(mismatches).isEmpty();
        assertThat(replayed)
                .as("outage minutes replayed onto days without a row")
                .isEmpty();
        assertThat(major).isPositive();
        assertThat(partial).isPositive();
    }

    private static List<IncidentSnapshot> allIncidents() {
        return result.incidents().values().stream().flatMap(List::stream).toList();
    }
}
