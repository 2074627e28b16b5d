package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.affected;
import static dev.incidentmonitor.streams.TestData.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentChange;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ReliabilityScope;
import dev.incidentmonitor.schema.ReliabilityWindow;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.schema.WindowReliability;
import dev.incidentmonitor.streams.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge cases of real status pages, through the live topology: statuses going backwards, reopened incidents,
 * back-dated and corrected updates, late postmortems, incidents without components or with renamed ones,
 * out-of-order incidents, maintenances, and incidents affecting several services.
 */
class IncidentEdgeCasesTopologyTest {

    private static final String OPENAI = "openai";
    private static final List<ServiceRef> CHATGPT = List.of(service("chatgpt", "ChatGPT"));
    private static final List<ServiceRef> API = List.of(service("api", "API"));

    private TopologyHarness harness;

    @BeforeEach
    void startDriver() {
        harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @AfterEach
    void closeDriver() {
        harness.close();
    }

    private static IncidentUpdate update(
            final String incident,
            final String updateId,
            final IncidentStatus status,
            final String time,
            final List<ServiceRef> components) {
        return TestData.update(OPENAI, incident, updateId, status, time)
                .setIncidentComponents(components)
                .build();
    }

    /** Pipes an investigating and a resolved update for {@code incident}. */
    private void pipeResolved(
            final String incident, final String start, final String resolved, final List<ServiceRef> components) {
        harness.pipe(update(incident, incident + "-1", IncidentStatus.INVESTIGATING, start, components));
        harness.pipe(update(incident, incident + "-2", IncidentStatus.RESOLVED, resolved, components));
    }

    private static long millis(final String from, final String to) {
        return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis();
    }

    private static WindowReliability window(final ServiceReliability reliability, final ReliabilityWindow window) {
        return reliability.getWindows().stream()
                .filter(w -> w.getWindow() == window)
                .findFirst()
                .orElseThrow();
    }

    private static WindowReliability allTime(final ServiceReliability reliability) {
        return window(reliability, ReliabilityWindow.ALL_TIME);
    }

    private IncidentState state(final String incident) {
        return harness.latestIncidents().get(OPENAI + ":" + incident);
    }

    @Test
    void shouldFollowLatestStageAndFlagOutOfOrderWhenStatusesGoBackwards() {
        harness.pipe(update("back", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z", CHATGPT));
        harness.pipe(update("back", "u2", IncidentStatus.MONITORING, "2024-04-10T10:30:00Z", CHATGPT));
        harness.events.readValuesToList();
        harness.pipe(update("back", "u3", IncidentStatus.IDENTIFIED, "2024-04-10T11:00:00Z", CHATGPT));

        final IncidentEvent event = harness.events.readValue();
        assertThat(event.getChanges()).containsExactly(IncidentChange.STAGE_CHANGED, IncidentChange.OUT_OF_ORDER);
        assertThat(event.getPreviousStage()).isEqualTo(IncidentStatus.MONITORING);
        final IncidentState state = state("back");
        assertThat(state.getStage()).isEqualTo(IncidentStatus.IDENTIFIED);
        assertThat(state.getIdentifiedTime()).isEqualTo(Instant.parse("2024-04-10T11:00:00Z"));
        assertThat(state.getMonitoringTime()).isEqualTo(Instant.parse("2024-04-10T10:30:00Z"));
        assertThat(state.getStatusCombination()).isEqualTo("S1-S2-S3");
        assertThat(state.getOutOfOrder()).isTrue();
        assertThat(state.getReopenCount()).isZero();
        final ServiceReliability chatgpt = harness.latestReliability().get("openai:chatgpt");
        assertThat(allTime(chatgpt).getIncidents()).isZero();
        assertThat(chatgpt.getLastIncidentStart()).isNull();
    }

    @Test
    void shouldCountReopenAndKeepBothResolutionsWhenResolvedIncidentIsMonitoredAgain() {
        harness.pipe(update("reopen", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z", CHATGPT));
        harness.pipe(update("reopen", "u2", IncidentStatus.RESOLVED, "2024-04-10T11:00:00Z", CHATGPT));
        harness.events.readValuesToList();

        harness.pipe(update("reopen", "u3", IncidentStatus.MONITORING, "2024-04-10T12:00:00Z", CHATGPT));
        final IncidentEvent reopened = harness.events.readValue();
        harness.pipe(update("reopen", "u4", IncidentStatus.RESOLVED, "2024-04-10T13:00:00Z", CHATGPT));
        final IncidentEvent resolvedAgain = harness.events.readValue();

        assertThat(reopened.getChanges()).contains(IncidentChange.STAGE_CHANGED, IncidentChange.REOPENED);
        assertThat(reopened.getState().getReopenCount()).isEqualTo(1);
        assertThat(reopened.getState().getStage()).isEqualTo(IncidentStatus.MONITORING);
        assertThat(resolvedAgain.getChanges())
                .contains(IncidentChange.RESOLVED)
                .doesNotContain(IncidentChange.REOPENED);
        final IncidentState state = state("reopen");
        assertThat(state.getReopenCount()).isEqualTo(1);
        assertThat(state.getFirstResolvedTime()).isEqualTo(Instant.parse("2024-04-10T11:00:00Z"));
        assertThat(state.getLastResolvedTime()).isEqualTo(Instant.parse("2024-04-10T13:00:00Z"));
        assertThat(state.getResolvedTime()).isEqualTo(state.getFirstResolvedTime());
        assertThat(state.getTimeToResolveMs()).isEqualTo(millis("2024-04-10T10:00:00Z", "2024-04-10T11:00:00Z"));
        // SPEC.md: S3 (first monitoring, 12:00) after S4 (first resolution, 11:00) is an inverted adjacent pair.
        assertThat(state.getOutOfOrder()).isTrue();
        assertThat(reopened.getChanges()).contains(IncidentChange.OUT_OF_ORDER);
    }

    @Test
    void shouldKeepFirstResolutionForMttrWhenReopenedIncidentIsInvestigatedAgain() {
        pipeResolved("reopen", "2024-04-10T10:00:00Z", "2024-04-10T11:00:00Z", CHATGPT);
        harness.pipe(update("reopen", "u3", IncidentStatus.INVESTIGATING, "2024-04-10T12:00:00Z", CHATGPT));
        harness.pipe(update("reopen", "u4", IncidentStatus.RESOLVED, "2024-04-10T14:00:00Z", CHATGPT));

        final List<IncidentEvent> events = harness.events.readValuesToList();
        assertThat(events.get(2).getChanges()).contains(IncidentChange.REOPENED);
        assertThat(events.get(2).getState().getStage()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(events.get(3).getChanges()).contains(IncidentChange.RESOLVED);
        final IncidentState state = state("reopen");
        assertThat(state.getReopenCount()).isEqualTo(1);
        assertThat(state.getOutOfOrder()).isFalse();
        assertThat(state.getLastResolvedTime()).isEqualTo(Instant.parse("2024-04-10T14:00:00Z"));
        final WindowReliability chatgpt = allTime(harness.latestReliability().get("openai:chatgpt"));
        assertThat(chatgpt.getIncidents()).isEqualTo(1);
        assertThat(chatgpt.getMttrMeanMs()).isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void shouldMoveStartEarlierAndKeepMtbfCorrectWhenBackDatedUpdateArrivesLate() {
        pipeResolved("a", "2024-04-01T00:00:00Z", "2024-04-01T01:00:00Z", CHATGPT);
        pipeResolved("b", "2024-04-03T00:00:00Z", "2024-04-03T01:00:00Z", CHATGPT);
        pipeResolved("c", "2024-04-04T00:00:00Z", "2024-04-04T01:00:00Z", CHATGPT);
        harness.pipe(update("d", "d-2", IncidentStatus.IDENTIFIED, "2024-04-11T00:00:00Z", CHATGPT));
        harness.pipe(update("d", "d-3", IncidentStatus.RESOLVED, "2024-04-11T01:00:00Z", CHATGPT));
        final ServiceReliability before = harness.latestReliability().get("openai:chatgpt");

        harness.pipe(update("d", "d-1", IncidentStatus.INVESTIGATING, "2024-04-02T00:00:00Z", CHATGPT));

        final long day = Duration.ofDays(1).toMillis();
        assertThat(before.getLastIncidentStart()).isEqualTo(Instant.parse("2024-04-11T00:00:00Z"));
        assertThat(allTime(before).getMtbfMeanMs()).isEqualTo(10 * day / 3);
        final IncidentState d = state("d");
        assertThat(d.getStartTime()).isEqualTo(Instant.parse("2024-04-02T00:00:00Z"));
        assertThat(d.getInvestigatingTime()).isEqualTo(d.getStartTime());
        assertThat(d.getOutOfOrder()).isFalse();
        assertThat(d.getTimeToResolveMs()).isEqualTo(millis("2024-04-02T00:00:00Z", "2024-04-11T01:00:00Z"));
        final ServiceReliability after = harness.latestReliability().get("openai:chatgpt");
        // Sorted starts 1st, 2nd, 3rd, 4th of April: three gaps of one day; c is now the latest start.
        assertThat(after.getLastIncidentStart()).isEqualTo(Instant.parse("2024-04-04T00:00:00Z"));
        assertThat(allTime(after).getMtbfSamples()).isEqualTo(3);
        assertThat(allTime(after).getMtbfMeanMs()).isEqualTo(day);
        assertThat(allTime(after).getMtbfMedianMs()).isEqualTo(day);
        // Windows end at stream time (11 April 01:00): no start is inside the last 7 days any more, d's resolution is.
        assertThat(window(before, ReliabilityWindow.LAST_7_DAYS).getIncidents()).isEqualTo(1);
        final WindowReliability week = window(after, ReliabilityWindow.LAST_7_DAYS);
        assertThat(week.getIncidents()).isZero();
        assertThat(week.getMtbfSamples()).isZero();
        assertThat(week.getMttrSamples()).isEqualTo(1);
    }

    @Test
    void shouldCountIncidentForProviderOnlyWhenItNamesNoComponent() {
        pipeResolved("bare", "2024-04-10T10:00:00Z", "2024-04-10T10:45:00Z", List.of());

        assertThat(state("bare").getServices()).isEmpty();
        final Map<String, ServiceReliability> reliability = harness.latestReliability();
        assertThat(reliability).containsOnlyKeys("openai:*");
        final ServiceReliability provider = reliability.get("openai:*");
        assertThat(provider.getScope()).isEqualTo(ReliabilityScope.PROVIDER);
        assertThat(provider.getComponentId()).isNull();
        assertThat(allTime(provider).getIncidents()).isEqualTo(1);
        assertThat(allTime(provider).getMttrMeanMs())
                .isEqualTo(Duration.ofMinutes(45).toMillis());
    }

    @Test
    void shouldKeepOneServiceWithNewestNameWhenComponentIsRenamedMidIncident() {
        final IncidentUpdate first = TestData.update(
                        OPENAI, "rename", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z")
                .setAffectedComponents(List.of(affected("chatgpt", "ChatGPT", ComponentStatus.PARTIAL_OUTAGE)))
                .build();
        final IncidentUpdate renamed = TestData.update(
                        OPENAI, "rename", "u2", IncidentStatus.RESOLVED, "2024-04-10T11:00:00Z")
                .setAffectedComponents(List.of(affected("chatgpt", "ChatGPT Web", ComponentStatus.OPERATIONAL)))
                .build();

        harness.pipe(renamed);
        harness.pipe(first);

        assertThat(state("rename").getServices()).containsExactly(service("chatgpt", "ChatGPT Web"));
        final Map<String, ServiceReliability> reliability = harness.latestReliability();
        assertThat(reliability).containsOnlyKeys("openai:chatgpt", "openai:*");
        assertThat(reliability.get("openai:chatgpt").getServiceName()).isEqualTo("ChatGPT Web");
        assertThat(allTime(reliability.get("openai:chatgpt")).getIncidents()).isEqualTo(1);
        assertThat(allTime(reliability.get("openai:chatgpt")).getMttrMeanMs())
                .isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void shouldRecomputeMarkersWhenUpdateIsCorrectedAfterResolution() {
        pipeResolved("edit", "2024-04-10T17:56:00Z", "2024-04-10T20:56:00Z", CHATGPT);
        harness.events.readValuesToList();
        harness.publishReliability();
        harness.reliability.readValuesToList();
        final IncidentUpdate correction = TestData.update(
                        OPENAI, "edit", "edit-2", IncidentStatus.RESOLVED, "2024-04-10T21:26:00Z")
                .setIncidentComponents(CHATGPT)
                .setCorrection(true)
                .setContentHash("edited")
                .build();

        harness.pipe(correction);

        final IncidentEvent event = harness.events.readValue();
        assertThat(event.getChanges()).containsExactly(IncidentChange.CORRECTED);
        assertThat(event.getUpdateId()).isEqualTo("edit-2");
        final IncidentState state = state("edit");
        assertThat(state.getResolvedTime()).isEqualTo(Instant.parse("2024-04-10T21:26:00Z"));
        assertThat(state.getTimeToResolveMs()).isEqualTo(Duration.ofMinutes(210).toMillis());
        assertThat(state.getUpdateCount()).isEqualTo(2);
        harness.publishReliability();
        assertThat(allTime(harness.reliability.readValue()).getMttrMeanMs())
                .isEqualTo(Duration.ofMinutes(210).toMillis());
    }

    @Test
    void shouldPublishEachTouchedServiceOnceWithItsLatestFiguresWhenEmitTickRuns() {
        pipeResolved("first", "2024-04-10T10:00:00Z", "2024-04-10T11:00:00Z", CHATGPT);
        pipeResolved("second", "2024-04-10T12:00:00Z", "2024-04-10T15:00:00Z", CHATGPT);
        pipeResolved("third", "2024-04-10T13:00:00Z", "2024-04-10T14:00:00Z", API);
        assertThat(harness.reliability.isEmpty())
                .as("nothing before the emit tick")
                .isTrue();

        harness.publishReliability();

        final List<org.apache.kafka.streams.test.TestRecord<String, ServiceReliability>> published =
                harness.reliability.readRecordsToList();
        assertThat(published)
                .extracting(org.apache.kafka.streams.test.TestRecord::key)
                .containsExactlyInAnyOrder("openai:chatgpt", "openai:api", "openai:*");
        final Map<String, ServiceReliability> byKey = new java.util.HashMap<>();
        published.forEach(r -> byKey.put(r.key(), r.value()));
        assertThat(allTime(byKey.get("openai:chatgpt")).getMttrMeanMs())
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(allTime(byKey.get("openai:*")).getIncidents()).isEqualTo(3);
        assertThat(published.get(0).timestamp())
                .as("timestamped with the latest update that changed the service")
                .isEqualTo(Instant.parse(
                                published.get(0).key().equals("openai:api")
                                        ? "2024-04-10T14:00:00Z"
                                        : "2024-04-10T15:00:00Z")
                        .toEpochMilli());

        harness.publishReliability();
        assertThat(harness.reliability.isEmpty()).as("nothing changed since").isTrue();
    }

    @Test
    void shouldPublishNothingWhenUpdateIsRepeatedExactly() {
        pipeResolved("repeat", "2024-04-10T10:00:00Z", "2024-04-10T11:00:00Z", CHATGPT);
        harness.incidents.readValuesToList();
        harness.events.readValuesToList();
        harness.publishReliability();
        harness.reliability.readValuesToList();

        harness.pipe(update("repeat", "repeat-2", IncidentStatus.RESOLVED, "2024-04-10T11:00:00Z", CHATGPT));
        harness.pipe(update("repeat", "repeat-1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z", CHATGPT));

        assertThat(harness.incidents.isEmpty()).isTrue();
        assertThat(harness.events.isEmpty()).isTrue();
        harness.publishReliability();
        assertThat(harness.reliability.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishLearningPeriodWhenPostmortemArrivesDaysLater() {
        pipeResolved("late", "2024-04-10T10:00:00Z", "2024-04-10T12:00:00Z", CHATGPT);
        pipeResolved("other", "2024-04-12T10:00:00Z", "2024-04-12T10:30:00Z", API);
        harness.events.readValuesToList();

        harness.pipe(update("late", "late-3", IncidentStatus.POSTMORTEM, "2024-04-15T09:00:00Z", CHATGPT));

        final IncidentEvent event = harness.events.readValue();
        assertThat(event.getChanges())
                .containsExactly(IncidentChange.STAGE_CHANGED, IncidentChange.POSTMORTEM_PUBLISHED);
        assertThat(event.getPreviousStage()).isEqualTo(IncidentStatus.RESOLVED);
        final long learning = millis("2024-04-10T12:00:00Z", "2024-04-15T09:00:00Z");
        assertThat(state("late").getLearningPeriodMs()).isEqualTo(learning);
        assertThat(state("late").getStage()).isEqualTo(IncidentStatus.POSTMORTEM);
        final WindowReliability chatgpt = allTime(harness.latestReliability().get("openai:chatgpt"));
        assertThat(chatgpt.getLearningSamples()).isEqualTo(1);
        assertThat(chatgpt.getLearningMeanMs()).isEqualTo(learning);
        assertThat(chatgpt.getMttrSamples()).isEqualTo(1);
    }

    @Test
    void shouldPublishButNotCountIncidentWhenItIsOutOfOrder() {
        pipeResolved("good", "2024-04-10T10:00:00Z", "2024-04-10T12:00:00Z", CHATGPT);
        harness.pipe(update("bad", "b1", IncidentStatus.IDENTIFIED, "2024-04-11T10:00:00Z", CHATGPT));
        harness.pipe(update("bad", "b2", IncidentStatus.INVESTIGATING, "2024-04-11T10:20:00Z", CHATGPT));
        harness.pipe(update("bad", "b3", IncidentStatus.RESOLVED, "2024-04-11T11:00:00Z", CHATGPT));

        final List<IncidentEvent> badEvents = harness.events.readValuesToList().stream()
                .filter(e -> e.getState().getIncidentId().equals("bad"))
                .toList();
        assertThat(badEvents.get(1).getChanges()).contains(IncidentChange.OUT_OF_ORDER);
        assertThat(badEvents.get(2).getChanges()).doesNotContain(IncidentChange.OUT_OF_ORDER);
        final IncidentState bad = state("bad");
        assertThat(bad.getOutOfOrder()).isTrue();
        assertThat(bad.getTimeToResolveMs()).isEqualTo(Duration.ofHours(1).toMillis());
        final Map<String, ServiceReliability> reliability = harness.latestReliability();
        for (final String key : List.of("openai:chatgpt", "openai:*")) {
            final WindowReliability all = allTime(reliability.get(key));
            assertThat(all.getIncidents()).as(key).isEqualTo(1);
            assertThat(all.getMttrSamples()).as(key).isEqualTo(1);
            assertThat(all.getMttrMeanMs())
                    .as(key)
                    .isEqualTo(Duration.ofHours(2).toMillis());
            assertThat(all.getMtbfSamples()).as(key).isZero();
            assertThat(reliability.get(key).getLastIncidentStart()).isEqualTo(Instant.parse("2024-04-10T10:00:00Z"));
        }
    }

    @Test
    void shouldTrackButNotCountIncidentWhenItIsAMaintenance() {
        pipeResolved("failure", "2024-04-10T10:00:00Z", "2024-04-10T10:30:00Z", API);
        for (final IncidentUpdate u : List.of(
                update("window", "m1", IncidentStatus.SCHEDULED, "2024-04-11T01:00:00Z", API),
                update("window", "m2", IncidentStatus.IN_PROGRESS, "2024-04-12T01:00:00Z", API),
                update("window", "m3", IncidentStatus.COMPLETED, "2024-04-12T03:00:00Z", API),
                update("declared", "d1", IncidentStatus.INVESTIGATING, "2024-04-13T01:00:00Z", API),
                update("declared", "d2", IncidentStatus.RESOLVED, "2024-04-13T05:00:00Z", API))) {
            harness.pipe(
                    IncidentUpdate.newBuilder(u).setImpact(Impact.MAINTENANCE).build());
        }

        final IncidentState window = state("window");
        assertThat(window.getMaintenance()).isTrue();
        assertThat(window.getStage()).isEqualTo(IncidentStatus.COMPLETED);
        assertThat(window.getImpact()).isEqualTo(Impact.MAINTENANCE);
        final IncidentState declared = state("declared");
        assertThat(declared.getMaintenance()).isTrue();
        assertThat(declared.getTimeToResolveMs()).isEqualTo(Duration.ofHours(4).toMillis());
        for (final String key : List.of("openai:api", "openai:*")) {
            final ServiceReliability reliability = harness.latestReliability().get(key);
            assertThat(allTime(reliability).getIncidents()).as(key).isEqualTo(1);
            assertThat(allTime(reliability).getMttrMeanMs())
                    .as(key)
                    .isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(allTime(reliability).getMtbfSamples()).as(key).isZero();
            assertThat(reliability.getLastIncidentStart()).isEqualTo(Instant.parse("2024-04-10T10:00:00Z"));
        }
    }

    @Test
    void shouldCountIncidentOnceAtProviderLevelWhenItAffectsTwoServices() {
        final List<ServiceRef> both = List.of(service("api", "API"), service("chatgpt", "ChatGPT"));
        pipeResolved("both", "2024-04-10T10:00:00Z", "2024-04-10T11:00:00Z", both);
        harness.pipe(update("grows", "g1", IncidentStatus.INVESTIGATING, "2024-04-11T10:00:00Z", API));
        harness.pipe(update("grows", "g2", IncidentStatus.RESOLVED, "2024-04-11T13:00:00Z", both));

        final Map<String, ServiceReliability> reliability = harness.latestReliability();
        assertThat(reliability).containsOnlyKeys("openai:api", "openai:chatgpt", "openai:*");
        for (final String key : reliability.keySet()) {
            final WindowReliability all = allTime(reliability.get(key));
            assertThat(all.getIncidents()).as(key).isEqualTo(2);
            assertThat(all.getMttrSamples()).as(key).isEqualTo(2);
            assertThat(all.getMttrMeanMs())
                    .as(key)
                    .isEqualTo(Duration.ofHours(2).toMillis());
            assertThat(all.getMtbfSamples()).as(key).isEqualTo(1);
            assertThat(all.getMtbfMeanMs()).as(key).isEqualTo(Duration.ofDays(1).toMillis());
        }
        assertThat(state("grows").getServices())
                .extracting(ServiceRef::getComponentId)
                .containsExactly("api", "chatgpt");
    }
}
