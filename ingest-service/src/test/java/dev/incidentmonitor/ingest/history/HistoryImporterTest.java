package dev.incidentmonitor.ingest.history;

import static dev.incidentmonitor.schema.ComponentStatus.MAJOR_OUTAGE;
import static dev.incidentmonitor.schema.ComponentStatus.OPERATIONAL;
import static dev.incidentmonitor.schema.ComponentStatus.PARTIAL_OUTAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on the hand-made files under {@code src/test/resources/history/raw}, which mimic the study's. */
class HistoryImporterTest {

    private static Path raw;
    private static ImportResult result;

    private static Path openaiFile;
    private static Path apiUptime;

    @BeforeAll
    static void importFixture() throws IOException, URISyntaxException {
        raw = Path.of(Objects.requireNonNull(HistoryImporterTest.class.getResource("/history/raw"))
                .toURI());
        openaiFile = raw.resolve("incident/2024-12-31/openai/incident_history_202409_202411.csv");
        apiUptime = raw.resolve("uptime/2024-12-31/api/uptime_history.csv");
        result = new HistoryImporter().importDirectory(raw);
    }

    private static IncidentSnapshot incident(final String provider, final String id) {
        return result.incidents(provider).stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no incident " + provider + "/" + id));
    }

    private static List<HistoricalStatusChange> changes(final String componentId) {
        return result.statusChanges().stream()
                .filter(c -> c.componentId().equals(componentId))
                .toList();
    }

    private static HistoricalStatusChange change(
            final String provider,
            final String id,
            final String name,
            final ComponentStatus from,
            final ComponentStatus to,
            final String at) {
        return new HistoricalStatusChange(provider, id, name, from, to, Instant.parse(at));
    }

    @Test
    void shouldGroupIncidentsPerProviderSortedByIdWhenReadingTheFixture() {
        assertThat(result.incidents().keySet()).containsExactly("anthropic", "character-ai", "openai");
        assertThat(result.incidents("openai"))
                .extracting(IncidentSnapshot::id)
                .containsExactly("b2tj4ylnbzkc", "dst1overlap1", "k3unknown001", "mnt000000001");
        assertThat(result.incidents("anthropic"))
                .extracting(IncidentSnapshot::id)
                .containsExactly("ant000000001", "ant000000002");
        assertThat(result.incidents("character-ai"))
                .extracting(IncidentSnapshot::id)
                .containsExactly("pz385w9h3vx7");
        assertThat(result.incidentCount()).isEqualTo(7);
    }

    @Test
    void shouldNumberUpdatesFromTheOldestWhenTheListRunsNewestFirst() {
        final IncidentSnapshot incident = incident("openai", "b2tj4ylnbzkc");

        assertThat(incident.title()).isEqualTo("Elevated errors on\nChatGPT and API");
        assertThat(incident.impact()).isEqualTo(Impact.MAJOR);
        assertThat(incident.maintenance()).isFalse();
        assertThat(incident.url()).isEqualTo("https://status.openai.com/incidents/b2tj4ylnbzkc");
        assertThat(incident.updates())
                .extracting(UpdateSnapshot::id, UpdateSnapshot::status, UpdateSnapshot::displayAt)
                .containsExactly(
                        tuple("b2tj4ylnbzkc-u0", IncidentStatus.INVESTIGATING, Instant.parse("2024-10-02T16:58:00Z")),
                        tuple("b2tj4ylnbzkc-u1", IncidentStatus.IDENTIFIED, Instant.parse("2024-10-02T17:12:00Z")),
                        tuple("b2tj4ylnbzkc-u2", IncidentStatus.MONITORING, Instant.parse("2024-10-02T17:31:00Z")),
                        tuple("b2tj4ylnbzkc-u3", IncidentStatus.UPDATE, Instant.parse("2024-10-02T17:40:00Z")),
                        tuple("b2tj4ylnbzkc-u4", IncidentStatus.RESOLVED, Instant.parse("2024-10-02T18:05:00Z")));
        assertThat(incident.updates().get(0).body()).isEqualTo("We are currently investigating elevated error rates.");
        assertThat(incident.updates()).allSatisfy(u -> {
            assertThat(u.createdAt()).isNull();
            assertThat(u.components()).isEmpty();
        });
    }

    @Test
    void shouldKeepOlderUpdateIdsWhenTheSourceLaterListsANewerUpdate(@TempDir final Path dir) throws IOException {
        final Path folder = Files.createDirectories(dir.resolve("incident/characterai"));
        final String header = "Incident_Title,Incident_Link,Incident_color,Incident_Impact,Updates,Service\n";
        final String older = "{\"\"Update_Title\"\": \"\"Investigating\"\", \"\"Update_Body\"\": \"\"Looking.\"\","
                + " \"\"Update_Timestamp\"\": \"\"Posted 1 hour ago. Jan 27, 2024 - 23:45 PST\"\"}";
        final String newer = "{\"\"Update_Title\"\": \"\"Resolved\"\", \"\"Update_Body\"\": \"\"Fixed.\"\","
                + " \"\"Update_Timestamp\"\": \"\"Posted 1 minute ago. Jan 28, 2024 - 00:30 PST\"\"}";
        final Path file = folder.resolve("incident_history_202312_202402.csv");

        Files.writeString(
                file,
                header + "Search,https://status.character.ai/incidents/abc,#e67e22,impact-major,\"[" + older
                        + "]\",This incident affected: Character.AI.\n");
        final IncidentSnapshot before = new HistoryImporter()
                .importDirectory(dir)
                .incidents("character-ai")
                .get(0);
        Files.writeString(
                file,
                header + "Search,https://status.character.ai/incidents/abc,#e67e22,impact-major,\"[" + newer + ", "
                        + older + "]\",This incident affected: Character.AI.\n");
        final IncidentSnapshot after = new HistoryImporter()
                .importDirectory(dir)
                .incidents("character-ai")
                .get(0);

        assertThat(before.updates()).extracting(UpdateSnapshot::id).containsExactly("abc-u0");
        assertThat(after.updates()).extracting(UpdateSnapshot::id).containsExactly("abc-u0", "abc-u1");
        assertThat(after.updates().get(0)).isEqualTo(before.updates().get(0));
        assertThat(after.updates().get(1).status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void shouldPickTheOffsetTheAbbreviationNamesWhenTheHourRepeatsAtTheEndOfSummerTime() {
        // 01:10 PDT, 01:50 PDT, then 01:20 PST on 2024-11-03: the clock went back at 02:00 PDT.
        assertThat(incident("openai", "dst1overlap1").updates())
                .extracting(UpdateSnapshot::status, UpdateSnapshot::displayAt)
                .containsExactly(
                        tuple(IncidentStatus.INVESTIGATING, Instant.parse("2024-11-03T08:10:00Z")),
                        tuple(IncidentStatus.MONITORING, Instant.parse("2024-11-03T08:50:00Z")),
                        tuple(IncidentStatus.RESOLVED, Instant.parse("2024-11-03T09:20:00Z")));
    }

    @Test
    void shouldUsePacificStandardTimeWhenTheUpdateIsInWinter() {
        assertThat(incident("character-ai", "pz385w9h3vx7").updates())
                .extracting(UpdateSnapshot::displayAt)
                .containsExactly(Instant.parse("2024-01-28T07:45:00Z"), Instant.parse("2024-01-28T08:30:00Z"));
    }

    @Test
    void shouldImportWithWarningsWhenTitleIsUnknownOrAbbreviationDisagreesWithTheZone() {
        final IncidentSnapshot incident = incident("openai", "k3unknown001");

        assertThat(incident.updates())
                .extracting(UpdateSnapshot::id, UpdateSnapshot::status, UpdateSnapshot::displayAt)
                .containsExactly(
                        // 11:00 "PST" on 15 October, when the zone is on PDT: the label's -08:00 is used.
                        tuple("k3unknown001-u0", IncidentStatus.UNKNOWN, Instant.parse("2024-10-15T19:00:00Z")),
                        tuple("k3unknown001-u1", IncidentStatus.RESOLVED, Instant.parse("2024-10-15T19:30:00Z")));
        assertThat(incident.updates().get(0).body()).isEqualTo("Some requests\nare slow.");
        assertThat(result.warnings())
                .filteredOn(w -> w.file().equals(openaiFile))
                .extracting(RowProblem::line, RowProblem::message)
                .containsExactly(
                        tuple(
                                34L,
                                "incident k3unknown001, update 2 of 2 (newest first): 2024-10-15T11:00 in"
                                        + " America/Los_Angeles is -07:00, not PST; used the offset of PST (-08:00)"
                                        + " from 'Posted 1 month ago. Oct 15, 2024 - 11:00 PST'"),
                        tuple(
                                34L,
                                "incident k3unknown001, update 2 of 2 (newest first): unknown Update_Title"
                                        + " 'Degraded'; used UNKNOWN"));
    }

    @Test
    void shouldMarkMaintenanceWhenTheImpactIsMaintenance() {
        final IncidentSnapshot incident = incident("openai", "mnt000000001");

        assertThat(incident.impact()).isEqualTo(Impact.MAINTENANCE);
        assertThat(incident.maintenance()).isTrue();
        assertThat(incident.components()).isEmpty();
        assertThat(incident("anthropic", "ant000000002").impact()).isEqualTo(Impact.NONE);
        assertThat(incident("anthropic", "ant000000001").impact()).isEqualTo(Impact.CRITICAL);
    }

    @Test
    void shouldSplitAffectedServicesWhenTheListHasSerialCommaDotsOrSpaces() {
        assertThat(incident("openai", "b2tj4ylnbzkc").components())
                .containsExactly(
                        new ComponentRef("api", "API"),
                        new ComponentRef("chatgpt", "ChatGPT"),
                        new ComponentRef("labs", "Labs"));
        assertThat(incident("openai", "dst1overlap1").components())
                .containsExactly(new ComponentRef("api", "API"), new ComponentRef("playground", "Playground"));
        assertThat(incident("anthropic", "ant000000001").components())
                .containsExactly(
                        new ComponentRef("claude.ai", "claude.ai"),
                        new ComponentRef("api.anthropic.com", "api.anthropic.com"),
                        new ComponentRef("claude-on-vertex-ai", "Claude on Vertex AI"));
        // No serial comma, and a link with a trailing slash.
        assertThat(incident("anthropic", "ant000000002").components())
                .containsExactly(
                        new ComponentRef("claude.ai", "claude.ai"),
                        new ComponentRef("console.anthropic.com", "console.anthropic.com"),
                        new ComponentRef("api.anthropic.com", "api.anthropic.com"));
        assertThat(incident("character-ai", "pz385w9h3vx7").components())
                .containsExactly(new ComponentRef("character.ai", "Character.AI"));
    }

    @Test
    void shouldReportMalformedRowsAtTheirRecordLineWhenEarlierFieldsSpanSeveralLines() {
        assertThat(result.problems())
                .extracting(RowProblem::file, RowProblem::line)
                .containsExactly(
                        tuple(openaiFile, 31L),
                        tuple(openaiFile, 32L),
                        tuple(openaiFile, 33L),
                        tuple(apiUptime, 13L),
                        tuple(apiUptime, 14L));
        assertThat(result.problems().get(0).message())
                .startsWith("incident badjson00001: Updates is not valid JSON:")
                .endsWith("; row skipped");
        assertThat(result.problems().get(1).message()).isEqualTo("missing Incident_Link; row skipped");
        assertThat(result.problems().get(2).message())
                .isEqualTo("incident badtime00001, update 1 of 1 (newest first): no 'Mon DD, YYYY - HH:MM PST|PDT'"
                        + " at the end of 'Posted yesterday'; row skipped");
        assertThat(result.problems().get(3).message()).startsWith("2024-10-07: Outages is not valid JSON:");
        assertThat(result.problems().get(4).message())
                .isEqualTo(
                        "Date '32 Oct 2024' is not a calendar day: Invalid value for DayOfMonth (valid values 1 - 28/31):"
                                + " 32; row skipped");
    }

    @Test
    void shouldLayMajorThenPartialMinutesFromLocalMidnightWhenADayHasBoth() {
        assertThat(changes("api"))
                .containsExactly(
                        change("openai", "api", "API", null, OPERATIONAL, "2024-10-01T07:00:00Z"),
                        change("openai", "api", "API", OPERATIONAL, MAJOR_OUTAGE, "2024-10-02T07:00:00Z"),
                        change("openai", "api", "API", MAJOR_OUTAGE, PARTIAL_OUTAGE, "2024-10-02T07:30:00Z"),
                        change("openai", "api", "API", PARTIAL_OUTAGE, OPERATIONAL, "2024-10-02T08:15:00Z"),
                        // 3 Oct has no outage: still operational, so no change.
                        change("openai", "api", "API", OPERATIONAL, PARTIAL_OUTAGE, "2024-10-04T07:00:00Z"),
                        change("openai", "api", "API", PARTIAL_OUTAGE, OPERATIONAL, "2024-10-04T07:10:00Z"),
                        // 5 Oct is down all day and 6 Oct starts down: no change at midnight between them.
                        change("openai", "api", "API", OPERATIONAL, MAJOR_OUTAGE, "2024-10-05T07:00:00Z"),
                        change("openai", "api", "API", MAJOR_OUTAGE, OPERATIONAL, "2024-10-06T07:20:00Z"));
    }

    @Test
    void shouldClampToTheLocalDayWhenMinutesExceedADaylightSavingDay() {
        // 10 Mar 2024 has 23 hours: 1400 major minutes are cut to 1380, ending at the next local midnight.
        assertThat(changes("chatgpt"))
                .containsExactly(
                        change("openai", "chatgpt", "ChatGPT", null, OPERATIONAL, "2024-03-09T08:00:00Z"),
                        change("openai", "chatgpt", "ChatGPT", OPERATIONAL, MAJOR_OUTAGE, "2024-03-10T08:00:00Z"),
                        change("openai", "chatgpt", "ChatGPT", MAJOR_OUTAGE, PARTIAL_OUTAGE, "2024-03-11T07:00:00Z"),
                        change("openai", "chatgpt", "ChatGPT", PARTIAL_OUTAGE, OPERATIONAL, "2024-03-11T08:00:00Z"));
        // 3 Nov 2024 has 25 hours, so 1450 minutes fit; 4 Nov has 24 and 500 + 1000 do not.
        assertThat(changes("labs"))
                .containsExactly(
                        change("openai", "labs", "Labs", null, OPERATIONAL, "2024-11-02T07:00:00Z"),
                        change("openai", "labs", "Labs", OPERATIONAL, MAJOR_OUTAGE, "2024-11-03T07:00:00Z"),
                        change("openai", "labs", "Labs", MAJOR_OUTAGE, OPERATIONAL, "2024-11-04T07:10:00Z"),
                        change("openai", "labs", "Labs", OPERATIONAL, MAJOR_OUTAGE, "2024-11-04T08:00:00Z"),
                        change("openai", "labs", "Labs", MAJOR_OUTAGE, PARTIAL_OUTAGE, "2024-11-04T16:20:00Z"),
                        change("openai", "labs", "Labs", PARTIAL_OUTAGE, OPERATIONAL, "2024-11-05T08:00:00Z"));
        assertThat(result.dayTotals())
                .filteredOn(ServiceDayTotal::clamped)
                .extracting(ServiceDayTotal::componentId, ServiceDayTotal::date)
                .containsExactly(tuple("chatgpt", LocalDate.of(2024, 3, 10)), tuple("labs", LocalDate.of(2024, 11, 4)));
    }

    @Test
    void shouldGiveBackEachDaysMinutesWhenReplayingTheIntervals() {
        final Map<ReplayedMinutes.Key, long[]> replayed =
                ReplayedMinutes.perDay(result.statusChanges(), StudyCatalog.PACIFIC);

        assertThat(result.dayTotals()).hasSize(13);
        for (final ServiceDayTotal day : result.dayTotals()) {
            final long[] got =
                    replayed.getOrDefault(new ReplayedMinutes.Key(day.componentId(), day.date()), new long[2]);
            if (day.clamped()) {
                assertThat(got[0] + got[1]).as("%s", day).isLessThan(day.majorMinutes() + day.partialMinutes());
            } else {
                assertThat(got).as("%s", day).containsExactly(day.majorMinutes(), day.partialMinutes());
            }
        }
        assertThat(replayed.get(new ReplayedMinutes.Key("chatgpt", LocalDate.of(2024, 3, 10))))
                .containsExactly(1380, 0);
        assertThat(replayed.get(new ReplayedMinutes.Key("labs", LocalDate.of(2024, 11, 4))))
                .containsExactly(500, 940);
    }

    @Test
    void shouldWarnWhenDaysAreMissingOrClamped() {
        assertThat(result.warnings())
                .filteredOn(w -> !w.file().equals(openaiFile))
                .extracting(w -> raw.relativize(w.file()).toString(), RowProblem::line, RowProblem::message)
                .containsExactly(
                        tuple(
                                "uptime/2024-12-31/api/uptime_history.csv",
                                15L,
                                "no row for the 1 day(s) between 2024-10-06 and 2024-10-08; replayed as operational"),
                        tuple(
                                "uptime/2024-12-31/chatgpt/uptime_history.csv",
                                3L,
                                "2024-03-10: 1400 major + 0 partial minutes do not fit into the 1380-minute local"
                                        + " day; replayed 1380 + 0"),
                        tuple(
                                "uptime/2024-12-31/labs/uptime_history.csv",
                                4L,
                                "2024-11-04: 500 major + 1000 partial minutes do not fit into the 1440-minute local"
                                        + " day; replayed 500 + 940"));
    }

    @Test
    void shouldSortDayTotalsByServiceAndDateWhenTheFileIsNotInDateOrder() {
        assertThat(result.dayTotals())
                .filteredOn(d -> d.componentId().equals("api"))
                .extracting(ServiceDayTotal::date, ServiceDayTotal::majorMinutes, ServiceDayTotal::partialMinutes)
                .containsExactly(
                        tuple(LocalDate.of(2024, 10, 1), 0L, 0L),
                        tuple(LocalDate.of(2024, 10, 2), 30L, 45L),
                        tuple(LocalDate.of(2024, 10, 3), 0L, 0L),
                        tuple(LocalDate.of(2024, 10, 4), 0L, 10L),
                        tuple(LocalDate.of(2024, 10, 5), 1440L, 0L),
                        tuple(LocalDate.of(2024, 10, 6), 20L, 0L),
                        tuple(LocalDate.of(2024, 10, 8), 0L, 0L));
        assertThat(result.dayTotals())
                .extracting(ServiceDayTotal::componentId)
                .containsExactly(
                        "api", "api", "api", "api", "api", "api", "api", "chatgpt", "chatgpt", "chatgpt", "labs",
                        "labs", "labs");
    }

    @Test
    void shouldReturnAnEqualResultWhenImportingTheSameFilesAgain() throws IOException {
        assertThat(new HistoryImporter().importDirectory(raw)).isEqualTo(result);
    }

    @Test
    void shouldReportProgressOncePerFileWhenImporting() throws IOException {
        final List<ImportProgress> progress = new ArrayList<>();

        new HistoryImporter().importDirectory(raw, progress::add);

        assertThat(progress)
                .extracting(ImportProgress::filesDone, ImportProgress::filesTotal, ImportProgress::rowsDone)
                .containsExactly(
                        tuple(0, 6, 0L),
                        tuple(1, 6, 2L),
                        tuple(2, 6, 3L),
                        tuple(3, 6, 10L),
                        tuple(4, 6, 19L),
                        tuple(5, 6, 22L),
                        tuple(6, 6, 25L));
        assertThat(progress.get(6).lastFile()).isEqualTo(raw.resolve("uptime/2024-12-31/labs/uptime_history.csv"));
    }

    @Test
    void shouldSkipTheFileWhenItsFolderNamesNoKnownProviderOrService(@TempDir final Path dir) throws IOException {
        final Path incidents =
                Files.createDirectories(dir.resolve("incident/acme")).resolve("incident_history_202401_202403.csv");
        Files.writeString(incidents, "Incident_Title,Incident_Link,Incident_color,Incident_Impact,Updates,Service\n");
        final Path uptime =
                Files.createDirectories(dir.resolve("uptime/acme-api")).resolve("uptime_history.csv");
        Files.writeString(uptime, "Date,Outages,Outage_Color,Incidents,Service\n", StandardCharsets.UTF_8);

        final ImportResult skipped = new HistoryImporter().importDirectory(dir);

        assertThat(skipped.incidentCount()).isZero();
        assertThat(skipped.problems())
                .extracting(RowProblem::file, RowProblem::line, RowProblem::message)
                .containsExactly(
                        tuple(
                                incidents,
                                0L,
                                "unknown provider folder 'acme' (known: [anthropic, characterai, openai]); file"
                                        + " skipped"),
                        tuple(
                                uptime,
                                0L,
                                "unknown service folder 'acme-api' (known: [api, api.anthropic.com, character.ai,"
                                        + " chatgpt, claude.ai, console.anthropic.com, labs, playground]); file"
                                        + " skipped"));
    }

    @Test
    void shouldKeepTheLaterRowWhenAnIncidentAppearsInTwoFiles(@TempDir final Path dir) throws IOException {
        final String header = "Incident_Title,Incident_Link,Incident_color,Incident_Impact,Updates,Service\n";
        final String row = ",https://status.openai.com/incidents/dup,#e86c09,impact-minor,"
                + "\"[{\"\"Update_Title\"\": \"\"Resolved\"\", \"\"Update_Body\"\": \"\"\"\","
                + " \"\"Update_Timestamp\"\": \"\"Jun 01, 2024 - 10:00 PDT\"\"}]\",\n";
        final Path folder = Files.createDirectories(dir.resolve("openai"));
        Files.writeString(folder.resolve("incident_history_202403_202405.csv"), header + "Old title" + row);
        Files.writeString(folder.resolve("incident_history_202406_202408.csv"), header + "New title" + row);

        final ImportResult dup = new HistoryImporter().importDirectory(dir);

        assertThat(dup.incidents("openai")).extracting(IncidentSnapshot::title).containsExactly("New title");
        assertThat(dup.warnings())
                .singleElement()
                .extracting(RowProblem::line, RowProblem::message)
                .containsExactly(
                        2L,
                        "incident dup also at " + folder.resolve("incident_history_202403_202405.csv")
                                + ":2; kept this later row");
    }

    @Test
    void shouldWarnOnlyAboutImportedRowsWhenOutageEntriesAreOddOrBroken(@TempDir final Path dir) throws IOException {
        final Path file = Files.createDirectories(dir.resolve("claude.ai")).resolve("uptime_history.csv");
        Files.writeString(
                file,
                """
                Date,Outages,Outage_Color,Incidents,Service
                1 Jul 2024,"[{""Outage_Type"": ""Degraded performance"", ""Downtime (min)"": 50},\
                 {""Outage_Type"": ""Partial outage"", ""Downtime (min)"": 7},\
                 {""Outage_Type"": ""Partial outage"", ""Downtime (min)"": 5}]",#f1c40f,[],claude.ai
                2 Jul 2024,"[{""Outage_Type"": ""Degraded performance"", ""Downtime (min)"": 50},\
                 {""Outage_Type"": ""Major outage"", ""Downtime (min)"": -3}]",#f1c40f,[],claude.ai
                """);

        final ImportResult odd = new HistoryImporter().importDirectory(dir);

        assertThat(odd.dayTotals())
                .containsExactly(new ServiceDayTotal("anthropic", "claude.ai", LocalDate.of(2024, 7, 1), 0, 12, false));
        assertThat(odd.warnings())
                .extracting(RowProblem::line, RowProblem::message)
                .containsExactly(
                        tuple(
                                2L,
                                "2024-07-01: Outage_Type 'Degraded performance' is neither a major nor a partial"
                                        + " outage; counted as zero outage minutes"),
                        tuple(2L, "2024-07-01: two Partial outage entries; added them up"));
        assertThat(odd.problems())
                .extracting(RowProblem::line, RowProblem::message)
                .containsExactly(
                        tuple(3L, "2024-07-02: Downtime (min) is not a whole number of minutes >= 0: -3; row skipped"));
    }

    @Test
    void shouldRefuseWhenTheDirectoryDoesNotExist(@TempDir final Path dir) {
        assertThatThrownBy(() -> new HistoryImporter().importDirectory(dir.resolve("missing")))
                .isInstanceOf(NotDirectoryException.class);
    }
}
