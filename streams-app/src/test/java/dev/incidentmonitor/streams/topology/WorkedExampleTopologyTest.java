package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.service;
import static dev.incidentmonitor.streams.TestData.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceReliability;
import dev.incidentmonitor.schema.WindowReliability;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkedExampleTopologyTest {

    private static List<IncidentUpdate> worked() {
        final var chatgpt = List.of(service("chatgpt", "ChatGPT"));
        return List.of(
                update("openai", "w20mcckg1748", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T17:56:00Z")
                        .setIncidentComponents(chatgpt)
                        .build(),
                update("openai", "w20mcckg1748", "u2", IncidentStatus.IDENTIFIED, "2024-04-10T20:39:00Z")
                        .setIncidentComponents(chatgpt)
                        .build(),
                update("openai", "w20mcckg1748", "u3", IncidentStatus.MONITORING, "2024-04-10T20:49:00Z")
                        .setIncidentComponents(chatgpt)
                        .build(),
                update("openai", "w20mcckg1748", "u4", IncidentStatus.RESOLVED, "2024-04-10T20:56:00Z")
                        .setIncidentComponents(chatgpt)
                        .build(),
                update("openai", "w20mcckg1748", "u5", IncidentStatus.POSTMORTEM, "2024-04-18T00:01:00Z")
                        .setIncidentComponents(chatgpt)
                        .build());
    }

    @Test
    void shouldReproduceStudyWorkedExampleWhenUpdatesFlowThroughTopology() {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"))) {
            harness.pipeAll(worked());

            final IncidentState state = harness.latestIncidents().get("openai:w20mcckg1748");
            assertThat(state.getStage()).isEqualTo(IncidentStatus.POSTMORTEM);
            assertThat(state.getStatusCombination()).isEqualTo("S1-S2-S3-S4-S5");
            assertThat(state.getInvestigatingPeriodMs()).isEqualTo(163 * 60_000L);
            assertThat(state.getRepairingPeriodMs()).isEqualTo(10 * 60_000L);
            assertThat(state.getCheckingPeriodMs()).isEqualTo(7 * 60_000L);
            assertThat(state.getLearningPeriodMs()).isEqualTo((171 * 60 + 5) * 60_000L);
            assertThat(state.getTimeToResolveMs()).isEqualTo(180 * 60_000L);

            final var reliability = harness.latestReliability();
            final ServiceReliability chatgpt = reliability.get("openai:chatgpt");
            final WindowReliability allTime = chatgpt.getWindows().get(3);
            assertThat(allTime.getMttrMeanMs()).isEqualTo(180 * 60_000L);
            assertThat(allTime.getMttrSamples()).isEqualTo(1);
            assertThat(reliability).containsKey("openai:*");
        }
    }
}
