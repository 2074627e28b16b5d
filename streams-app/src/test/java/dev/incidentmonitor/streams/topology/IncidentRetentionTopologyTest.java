package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.IncidentChange;
import dev.incidentmonitor.schema.IncidentEvent;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentRetentionTopologyTest {

    @Test
    void shouldForgetClosedIncidentWhenRetentionHasPassedInStreamTime() {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2025-01-01T00:00:00Z"))) {
            harness.pipe(update("openai", "gone", "g1", IncidentStatus.INVESTIGATING, "2025-01-01T10:00:00Z")
                    .build());
            harness.pipe(update("openai", "gone", "g2", IncidentStatus.RESOLVED, "2025-01-01T12:00:00Z")
                    .build());
            harness.pipe(update("openai", "open", "o1", IncidentStatus.INVESTIGATING, "2025-01-01T13:00:00Z")
                    .build());
            // another incident moves stream time 31 days on: past the 30-day retention of the closed one only
            harness.pipe(update("openai", "later", "l1", IncidentStatus.INVESTIGATING, "2025-02-01T13:00:00Z")
                    .build());
            harness.events.readValuesToList();

            harness.pipe(update("openai", "gone", "g2", IncidentStatus.RESOLVED, "2025-01-01T12:00:00Z")
                    .build());
            harness.pipe(update("openai", "open", "o1", IncidentStatus.INVESTIGATING, "2025-01-01T13:00:00Z")
                    .build());

            final List<IncidentEvent> events = harness.events.readValuesToList();
            assertThat(events)
                    .as("the dropped incident starts afresh; the repeat of the open one is ignored")
                    .hasSize(1);
            assertThat(events.get(0).getState().getIncidentId()).isEqualTo("gone");
            assertThat(events.get(0).getChanges()).contains(IncidentChange.OPENED);
            assertThat(events.get(0).getState().getUpdateCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepClosedIncidentWhenRetentionHasNotPassed() {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2025-01-01T00:00:00Z"))) {
            harness.pipe(update("openai", "kept", "k1", IncidentStatus.INVESTIGATING, "2025-01-01T10:00:00Z")
                    .build());
            harness.pipe(update("openai", "kept", "k2", IncidentStatus.RESOLVED, "2025-01-01T12:00:00Z")
                    .build());
            harness.pipe(update("openai", "later", "l1", IncidentStatus.INVESTIGATING, "2025-01-30T13:00:00Z")
                    .build());
            harness.events.readValuesToList();

            harness.pipe(update("openai", "kept", "k2", IncidentStatus.RESOLVED, "2025-01-01T12:00:00Z")
                    .build());

            assertThat(harness.events.readValuesToList())
                    .as("a repeat of a kept update changes nothing")
                    .isEmpty();
        }
    }
}
