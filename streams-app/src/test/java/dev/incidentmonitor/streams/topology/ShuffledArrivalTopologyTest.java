package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.affected;
import static dev.incidentmonitor.streams.TestData.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ReliabilityWindow;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.streams.TestData;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The topology's central promise: the state of every incident and the reliability of every service depend on the set
 * of updates, not on the order they arrive in. A seeded synthetic dataset (reopens, same-minute ties, keep-alives,
 * out-of-order incidents, maintenances, resolved-only incidents, components named only by some updates, several
 * providers and services) is piped in event-time order and in three shuffled orders into fresh drivers.
 *
 * <p>Retention is raised to ten years here: with shuffled arrival, stream time jumps to the end of the dataset at
 * once, and the default 30 days would (as designed) drop closed incidents whose remaining updates are still to come.
 */
class ShuffledArrivalTopologyTest {

    private static final Instant FIRST = Instant.parse("2024-03-01T00:00:00Z");
    private static final int INCIDENTS = 200;
    private static final Map<String, List<ServiceRef>> SERVICES = Map.of(
            "openai",
            List.of(
                    service("api", "API"),
                    service("chatgpt", "ChatGPT"),
                    service("labs", "Labs"),
                    service("playground", "Playground")),
            "anthropic",
            List.of(
                    service("api.anthropic.com", "api.anthropic.com"),
                    service("claude.ai", "claude.ai"),
                    service("console.anthropic.com", "console.anthropic.com")),
            "character",
            List.of(service("character.ai", "Character.AI")));

    @Test
    void shouldReachSameIncidentsAndAllTimeReliabilityWhenUpdatesArriveInAnyOrder() {
        final List<IncidentUpdate> dataset = dataset(new Random(20_240_410L));
        dataset.sort(Comparator.comparing(IncidentUpdate::getDisplayTime));
        final Outcome expected = run(dataset);

        assertThat(expected.incidents()).hasSize(INCIDENTS);
        assertThat(expected.incidents().values()).anyMatch(IncidentState::getOutOfOrder);
        assertThat(expected.incidents().values()).anyMatch(s -> s.getReopenCount() > 0);
        assertThat(expected.incidents().values()).anyMatch(IncidentState::getMaintenance);
        assertThat(expected.reliability()).containsKeys("openai:*", "anthropic:*", "character:*", "openai:chatgpt");
        assertThat(expected.reliability().get("openai:*").getWindows().get(0).getMttrSamples())
                .isGreaterThan(20);

        final Random shuffler = new Random(99);
        for (int round = 1; round <= 3; round++) {
            final List<IncidentUpdate> shuffled = new ArrayList<>(dataset);
            Collections.shuffle(shuffled, shuffler);

            final Outcome actual = run(shuffled);

            assertThat(actual.incidents()).as("incidents, shuffle %d", round).isEqualTo(expected.incidents());
            assertThat(actual.reliability())
                    .as("all-time reliability, shuffle %d", round)
                    .isEqualTo(expected.reliability());
        }
    }

    private record Outcome(Map<String, IncidentState> incidents, Map<String, ServiceReliability> reliability) {}

    private static Outcome run(final List<IncidentUpdate> updates) {
        final Map<String, Object> settings = Map.of(
                StreamsAppConfig.INCIDENT_RETENTION_MS, Duration.ofDays(3650).toMillis());
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"), settings)) {
            harness.pipeAll(updates);
            final Map<String, ServiceReliability> allTime = new TreeMap<>();
            harness.latestReliability().forEach((key, value) -> allTime.put(key, allTimeOnly(value)));
            return new Outcome(new TreeMap<>(harness.latestIncidents()), allTime);
        }
    }

    /** The record with its ALL_TIME window only and without computed_time, which depends on when it was sent. */
    private static ServiceReliability allTimeOnly(final ServiceReliability reliability) {
        return ServiceReliability.newBuilder(reliability)
                .setComputedTime(Instant.EPOCH)
                .setWindows(reliability.getWindows().stream()
                        .filter(w -> w.getWindow() == ReliabilityWindow.ALL_TIME)
                        .toList())
                .build();
    }

    /** Incidents at minute resolution over about two months, each with one of the shapes real pages post. */
    private static List<IncidentUpdate> dataset(final Random random) {
        final List<IncidentUpdate> updates = new ArrayList<>();
        final List<String> providers = new ArrayList<>(new TreeMap<>(SERVICES).keySet());
        for (int i = 0; i < INCIDENTS; i++) {
            final String provider = providers.get(random.nextInt(providers.size()));
            final List<ServiceRef> catalogue = SERVICES.get(provider);
            final List<ServiceRef> listed = new ArrayList<>();
            for (final ServiceRef ref : catalogue) {
                if (random.nextInt(3) == 0) {
                    listed.add(ref);
                }
            }
            final ServiceRef namedOnly =
                    random.nextInt(4) == 0 ? catalogue.get(random.nextInt(catalogue.size())) : null;
            final boolean maintenance = random.nextInt(15) == 0;
            final String incident = "inc-" + i;
            long minute = random.nextInt(60 * 24 * 60);
            final List<IncidentStatus> shape = shape(random, maintenance);
            for (int u = 0; u < shape.size(); u++) {
                final Instant time = FIRST.plus(Duration.ofMinutes(minute));
                final IncidentUpdate.Builder update = TestData.update(
                                provider, incident, incident + "-u" + u, shape.get(u), time.toString())
                        .setImpact(maintenance ? Impact.MAINTENANCE : Impact.MAJOR)
                        .setIncidentTitle("Incident " + i)
                        .setIncidentComponents(listed);
                if (namedOnly != null && u == 0) {
                    update.setAffectedComponents(List.of(
                            affected(namedOnly.getComponentId(), namedOnly.getName(), ComponentStatus.MAJOR_OUTAGE)));
                }
                updates.add(update.build());
                // Minute resolution: a quarter of the next updates share this minute.
                minute += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(240);
                if (shape.get(u) == IncidentStatus.RESOLVED && u + 1 < shape.size()) {
                    minute += 60L * 24 * random.nextInt(6);
                }
            }
        }
        return updates;
    }

    private static List<IncidentStatus> shape(final Random random, final boolean maintenance) {
        if (maintenance) {
            return random.nextBoolean()
                    ? List.of(IncidentStatus.SCHEDULED, IncidentStatus.IN_PROGRESS, IncidentStatus.COMPLETED)
                    : List.of(IncidentStatus.INVESTIGATING, IncidentStatus.RESOLVED);
        }
        final int pick = random.nextInt(10);
        return switch (pick) {
            case 0 -> List.of(IncidentStatus.RESOLVED);
            case 1 -> List.of(IncidentStatus.INVESTIGATING, IncidentStatus.UPDATE, IncidentStatus.IDENTIFIED);
            case 2 ->
                List.of(
                        IncidentStatus.IDENTIFIED,
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.MONITORING,
                        IncidentStatus.RESOLVED);
            case 3 ->
                List.of(
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.RESOLVED,
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.RESOLVED,
                        IncidentStatus.POSTMORTEM);
            case 4 ->
                List.of(
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.IDENTIFIED,
                        IncidentStatus.MONITORING,
                        IncidentStatus.RESOLVED,
                        IncidentStatus.POSTMORTEM);
            case 5 -> List.of(IncidentStatus.INVESTIGATING, IncidentStatus.UPDATE, IncidentStatus.RESOLVED);
            case 6 -> List.of(IncidentStatus.MONITORING, IncidentStatus.RESOLVED);
            default ->
                List.of(
                        IncidentStatus.INVESTIGATING,
                        IncidentStatus.IDENTIFIED,
                        IncidentStatus.UPDATE,
                        IncidentStatus.RESOLVED);
        };
    }
}
