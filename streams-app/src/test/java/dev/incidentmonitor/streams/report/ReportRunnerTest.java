package dev.incidentmonitor.streams.report;

import static dev.incidentmonitor.streams.TestData.service;
import static dev.incidentmonitor.streams.TestData.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.streams.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ReportRunnerTest {

    private static final List<ServiceRef> API = List.of(service("api", "API"));
    private static final List<ServiceRef> API_AND_CHATGPT =
            List.of(service("api", "API"), service("chatgpt", "ChatGPT"));
    private static final List<ServiceRef> CHATGPT = List.of(service("chatgpt", "ChatGPT"));
    private static final List<ServiceRef> CLAUDE = List.of(service("claude.ai", "claude.ai"));

    private static IncidentUpdate at(
            final String provider,
            final String incident,
            final int index,
            final IncidentStatus status,
            final String time,
            final List<ServiceRef> services) {
        return update(provider, incident, incident + "-u" + index, status, time)
                .setIncidentComponents(services)
                .build();
    }

    /**
     * A: API and ChatGPT, every stage, P_I exactly 1 h. B: API, S1 after S2 (out of order). C: ChatGPT, a
     * maintenance. D: claude.ai, posted only as resolved. E: OpenAI, names no service. F: API, starts exactly two days
     * after A, resolved 30 min later.
     */
    private static List<IncidentUpdate> updates() {
        final List<IncidentUpdate> all = new ArrayList<>(List.of(
                at("openai", "a", 0, IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z", API_AND_CHATGPT),
                at("openai", "a", 1, IncidentStatus.IDENTIFIED, "2024-04-10T11:00:00Z", API_AND_CHATGPT),
                at("openai", "a", 2, IncidentStatus.MONITORING, "2024-04-10T11:20:00Z", API_AND_CHATGPT),
                at("openai", "a", 3, IncidentStatus.UPDATE, "2024-04-10T11:25:00Z", API_AND_CHATGPT),
                at("openai", "a", 4, IncidentStatus.RESOLVED, "2024-04-10T12:00:00Z", API_AND_CHATGPT),
                at("openai", "a", 5, IncidentStatus.POSTMORTEM, "2024-04-13T12:00:00Z", API_AND_CHATGPT),
                at("openai", "b", 0, IncidentStatus.IDENTIFIED, "2024-04-11T09:00:00Z", API),
                at("openai", "b", 1, IncidentStatus.INVESTIGATING, "2024-04-11T10:00:00Z", API),
                at("openai", "b", 2, IncidentStatus.RESOLVED, "2024-04-11T12:00:00Z", API),
                at("anthropic", "d", 0, IncidentStatus.RESOLVED, "2024-04-12T08:00:00Z", CLAUDE),
                at("openai", "e", 0, IncidentStatus.INVESTIGATING, "2024-04-12T09:00:00Z", List.of()),
                at("openai", "e", 1, IncidentStatus.RESOLVED, "2024-04-12T09:30:00Z", List.of()),
                at("openai", "f", 0, IncidentStatus.INVESTIGATING, "2024-04-12T10:00:00Z", API),
                at("openai", "f", 1, IncidentStatus.RESOLVED, "2024-04-12T10:30:00Z", API)));
        all.add(update("openai", "c", "c-u0", IncidentStatus.RESOLVED, "2024-04-11T20:00:00Z")
                .setImpact(Impact.MAINTENANCE)
                .setIncidentComponents(CHATGPT)
                .build());
        return all;
    }

    private static List<ReplayEvent> events(final List<IncidentUpdate> updates) {
        return updates.stream()
                .map(u -> new ReplayEvent(TestData.key(u), u, u.getDisplayTime()))
                .toList();
    }

    private static Map<String, ServiceReport> byName(final List<ServiceReport> rows) {
        return rows.stream().collect(Collectors.toMap(ServiceReport::service, Function.identity()));
    }

    @Test
    void shouldReportAllTimeFiguresOfEachServiceWhenReplayed() {
        final DatasetReport report = ReportRunner.replay(events(updates()));

        assertThat(report.services())
                .extracting(ServiceReport::provider, ServiceReport::service)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("anthropic", "claude.ai"),
                        org.assertj.core.groups.Tuple.tuple("openai", "API"),
                        org.assertj.core.groups.Tuple.tuple("openai", "ChatGPT"));
        final Map<String, ServiceReport> services = byName(report.services());
        final ServiceReport api = services.get("API");
        assertThat(api.componentId()).isEqualTo("api");
        assertThat(api.incidents()).as("A and F; B is out of order").isEqualTo(2);
        assertThat(api.investigating())
                .isEqualTo(new Statistic(Duration.ofHours(1).toMillis(), null, 1));
        assertThat(api.repairing())
                .isEqualTo(new Statistic(Duration.ofMinutes(20).toMillis(), null, 1));
        assertThat(api.checking())
                .isEqualTo(new Statistic(Duration.ofMinutes(40).toMillis(), null, 1));
        assertThat(api.learning()).isEqualTo(new Statistic(Duration.ofDays(3).toMillis(), null, 1));
        final long ttrA = Duration.ofHours(2).toMillis();
        final long ttrF = Duration.ofMinutes(30).toMillis();
        assertThat(api.timeToResolve()).isEqualTo(new Statistic((ttrA + ttrF) / 2, (ttrA + ttrF) / 2, 2));
        assertThat(api.timeBetweenFailures())
                .isEqualTo(new Statistic(
                        Duration.ofDays(2).toMillis(), Duration.ofDays(2).toMillis(), 1));

        final ServiceReport chatgpt = services.get("ChatGPT");
        assertThat(chatgpt.incidents()).as("A only; C is a maintenance").isEqualTo(1);
        assertThat(chatgpt.timeBetweenFailures()).isEqualTo(Statistic.NONE);
        assertThat(services.get("claude.ai").timeToResolve())
                .as("posted only as resolved: no TTR")
                .isEqualTo(Statistic.NONE);
        assertThat(services.get("claude.ai").incidents()).isEqualTo(1);
    }

    @Test
    void shouldCountEachIncidentOnceWhenReportingProviders() {
        final DatasetReport report = ReportRunner.replay(events(updates()));

        assertThat(report.providers()).extracting(ServiceReport::provider).containsExactly("anthropic", "openai");
        assertThat(report.providers())
                .allSatisfy(p -> assertThat(p.providerScope()).isTrue());
        assertThat(byName(report.providers()).get("openai").incidents())
                .as("A, E and F; B out of order, C a maintenance")
                .isEqualTo(3);
    }

    @Test
    void shouldCountCombinationsOfAllButMaintenancesWhenReplayed() {
        final DatasetReport report = ReportRunner.replay(events(updates()));

        assertThat(report.statusCombinations())
                .containsExactly(
                        Map.entry("S1-S2-S3-S4-S5", 1),
                        Map.entry("S1-S2-S4", 1),
                        Map.entry("S1-S4", 2),
                        Map.entry("S4", 1));
        assertThat(report.combinationIncidents()).isEqualTo(5);
    }

    @Test
    void shouldGiveSameReportWhenEventsArriveShuffled() {
        final List<IncidentUpdate> shuffled = new ArrayList<>(updates());
        final DatasetReport inOrder = ReportRunner.replay(events(shuffled));

        for (final long seed : new long[] {1, 2, 3}) {
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(ReportRunner.replay(events(shuffled)))
                    .as("seed %d", seed)
                    .isEqualTo(inOrder);
        }
    }

    @Test
    void shouldFailRatherThanDropWhenARecordCannotBeProcessed() {
        final IncidentUpdate update = updates().get(0);
        final List<ReplayEvent> wrongKey =
                List.of(new ReplayEvent("openai:not-this-incident", update, update.getDisplayTime()));

        assertThatThrownBy(() -> ReportRunner.replay(wrongKey))
                .isInstanceOf(StreamsException.class)
                .hasStackTraceContaining("incident update keyed 'openai:not-this-incident' belongs to 'openai:a'");
    }

    @Test
    void shouldReportNothingWhenThereAreNoEvents() {
        final DatasetReport report = ReportRunner.replay(List.of());

        assertThat(report.services()).isEmpty();
        assertThat(report.providers()).isEmpty();
        assertThat(report.statusCombinations()).isEmpty();
    }
}
