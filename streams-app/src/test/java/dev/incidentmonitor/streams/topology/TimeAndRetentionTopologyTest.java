package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ReliabilityWindow;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.schema.WindowReliability;
import dev.incidentmonitor.streams.TestData;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.internal.IncidentLedger;
import dev.incidentmonitor.streams.internal.ServiceLedger;
import dev.incidentmonitor.streams.processor.Processors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * What happens when time passes: windows move with no input (on wall-clock time, and on stream time), and closed
 * incidents leave {@code incident-state-store} after the retention period while open ones stay.
 */
class TimeAndRetentionTopologyTest {

    private static final List<ServiceRef> CHATGPT = List.of(service("chatgpt", "ChatGPT"));
    private static final List<ServiceRef> API = List.of(service("api", "API"));

    private static IncidentUpdate update(
            final String incident,
            final String updateId,
            final IncidentStatus status,
            final String time,
            final List<ServiceRef> components) {
        return TestData.update("openai", incident, updateId, status, time)
                .setIncidentComponents(components)
                .build();
    }

    private static WindowReliability window(final ServiceReliability reliability, final ReliabilityWindow window) {
        return reliability.getWindows().stream()
                .filter(w -> w.getWindow() == window)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldRepublishWithEmptiedWeekWhenWallClockPassesSevenDaysWithoutInput() {
        final Instant start = Instant.parse("2024-04-10T10:00:00Z");
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-04-10T12:00:00Z"))) {
            harness.pipe(update("a", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z", CHATGPT));
            harness.pipe(update("a", "u2", IncidentStatus.RESOLVED, "2024-04-10T11:00:00Z", CHATGPT));
            final ServiceReliability fresh = harness.latestReliability().get("openai:chatgpt");
            assertThat(window(fresh, ReliabilityWindow.LAST_7_DAYS).getIncidents())
                    .isEqualTo(1);

            harness.driver.advanceWallClockTime(Duration.ofDays(6));
            assertThat(harness.reliability.isEmpty())
                    .as("nothing leaves a window in six days, so nothing is re-published")
                    .isTrue();

            harness.driver.advanceWallClockTime(Duration.ofDays(1).plusMinutes(2));

            final Map<String, ServiceReliability> moved = harness.latestReliability();
            assertThat(moved).containsOnlyKeys("openai:chatgpt", "openai:*");
            // the first latestReliability() moved the clock by the longest wait for a publication
            final Instant wallClock = Instant.parse("2024-04-10T12:00:00Z")
                    .plus(Processors.latestReliabilityPublication(harness.config))
                    .plus(Duration.ofDays(7).plusMinutes(2));
            for (final ServiceReliability reliability : moved.values()) {
                assertThat(reliability.getComputedTime()).isEqualTo(wallClock);
                final WindowReliability week = window(reliability, ReliabilityWindow.LAST_7_DAYS);
                assertThat(week.getIncidents()).isZero();
                assertThat(week.getMttrSamples()).isZero();
                assertThat(week.getMttrMeanMs()).isNull();
                assertThat(window(reliability, ReliabilityWindow.LAST_30_DAYS).getIncidents())
                        .isEqualTo(1);
                assertThat(window(reliability, ReliabilityWindow.ALL_TIME).getMttrMeanMs())
                        .isEqualTo(Duration.ofHours(1).toMillis());
                assertThat(reliability.getLastIncidentStart()).isEqualTo(start);
            }
            final KeyValueStore<String, ServiceLedger> ledgers =
                    harness.driver.getKeyValueStore(IncidentTopology.SERVICE_LEDGER_STORE);
            assertThat(ledgers.get("openai:chatgpt").getNextChangeTime())
                    .isEqualTo(start.plus(Duration.ofDays(30)).toEpochMilli());
        }
    }

    @Test
    void shouldRepublishQuietServiceWhenStreamTimePassesItsWindowEdge() {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"))) {
            harness.pipe(update("a", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z", CHATGPT));
            harness.pipe(update("a", "u2", IncidentStatus.RESOLVED, "2024-04-10T11:00:00Z", CHATGPT));
            harness.publishReliability();
            harness.reliability.readValuesToList();

            harness.pipe(update("b", "u1", IncidentStatus.INVESTIGATING, "2024-04-18T10:00:00Z", API));

            final Map<String, ServiceReliability> latest = harness.latestReliability();
            final ServiceReliability chatgpt = latest.get("openai:chatgpt");
            assertThat(chatgpt)
                    .as("chatgpt re-published by the stream-time punctuator")
                    .isNotNull();
            assertThat(chatgpt.getComputedTime()).isEqualTo(Instant.parse("2024-04-18T10:00:00Z"));
            assertThat(window(chatgpt, ReliabilityWindow.LAST_7_DAYS).getIncidents())
                    .isZero();
            assertThat(window(latest.get("openai:*"), ReliabilityWindow.LAST_7_DAYS)
                            .getIncidents())
                    .isEqualTo(1);
            assertThat(window(latest.get("openai:*"), ReliabilityWindow.ALL_TIME)
                            .getMtbfMeanMs())
                    .isEqualTo(Duration.ofDays(8).toMillis());
        }
    }

    @Test
    void shouldDropClosedIncidentsButKeepOpenOnesWhenRetentionHasPassedInStreamTime() {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"))) {
            final KeyValueStore<String, IncidentLedger> store =
                    harness.driver.getKeyValueStore(IncidentTopology.INCIDENT_STORE);
            harness.pipe(update("closed", "u1", IncidentStatus.INVESTIGATING, "2024-04-01T00:00:00Z", CHATGPT));
            harness.pipe(update("closed", "u2", IncidentStatus.RESOLVED, "2024-04-01T01:00:00Z", CHATGPT));
            harness.pipe(update("open", "u1", IncidentStatus.INVESTIGATING, "2024-04-01T02:00:00Z", CHATGPT));

            // 29 days 23 hours after the closed incident's last update: still retained.
            harness.pipe(update("later", "u1", IncidentStatus.INVESTIGATING, "2024-05-01T00:00:00Z", API));
            assertThat(store.get("openai:closed")).isNotNull();

            // 31 days and 2 hours after it, past retention and the next daily cleanup: dropped; the open incident
            // (last update 31 days ago) is kept.
            harness.pipe(update("later", "u2", IncidentStatus.RESOLVED, "2024-05-02T03:00:00Z", API));

            assertThat(store.get("openai:closed")).isNull();
            assertThat(store.get("openai:open")).isNotNull();
            assertThat(store.get("openai:later")).isNotNull();
            final ServiceReliability chatgpt = harness.latestReliability().get("openai:chatgpt");
            assertThat(window(chatgpt, ReliabilityWindow.ALL_TIME).getIncidents())
                    .as("dropping the ledger does not remove the incident from its service's figures")
                    .isEqualTo(2);

            harness.pipe(update("closed", "u3", IncidentStatus.POSTMORTEM, "2024-05-02T04:00:00Z", CHATGPT));
            assertThat(harness.latestReliability().get("openai:chatgpt"))
                    .as("a late postmortem of a dropped incident cannot wipe its figures")
                    .isEqualTo(chatgpt);
        }
    }

    @Test
    void shouldDropClosedIncidentSoonerWhenRetentionIsConfiguredShorter() {
        final Map<String, Object> oneDay = Map.of(
                StreamsAppConfig.INCIDENT_RETENTION_MS, Duration.ofDays(1).toMillis());
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"), oneDay)) {
            final KeyValueStore<String, IncidentLedger> store =
                    harness.driver.getKeyValueStore(IncidentTopology.INCIDENT_STORE);
            harness.pipe(update("closed", "u1", IncidentStatus.RESOLVED, "2024-04-01T00:00:00Z", CHATGPT));

            harness.pipe(update("later", "u1", IncidentStatus.INVESTIGATING, "2024-04-02T02:00:00Z", API));

            assertThat(store.get("openai:closed")).isNull();
            assertThat(store.get("openai:later")).isNotNull();
        }
    }
}
