package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arrival-order cases that a plain "last one wins" would get wrong. */
class OrderIndependenceTopologyTest {

    private static IncidentState replay(final List<IncidentUpdate> updates) {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"))) {
            harness.pipeAll(updates);
            return harness.latestIncidents().get("acme:inc-1");
        }
    }

    @Test
    void shouldTakeTitleAndImpactFromTheSameUpdateWhenTwoUpdatesShareADisplayTime() {
        final IncidentUpdate maintenance = update(
                        "acme", "inc-1", "u-a", IncidentStatus.INVESTIGATING, "2024-05-01T10:00:00Z")
                .setImpact(Impact.MAINTENANCE)
                .setIncidentTitle("Planned work")
                .build();
        final IncidentUpdate minor = update("acme", "inc-1", "u-b", IncidentStatus.IDENTIFIED, "2024-05-01T10:00:00Z")
                .setImpact(Impact.MINOR)
                .setIncidentTitle("Errors")
                .build();

        final IncidentState one = replay(List.of(maintenance, minor));
        final IncidentState other = replay(List.of(minor, maintenance));

        assertThat(one).isEqualTo(other);
        assertThat(one.getImpact()).isEqualTo(Impact.MINOR);
        assertThat(one.getTitle()).isEqualTo("Errors");
        assertThat(one.getMaintenance()).isFalse();
    }

    @Test
    void shouldKeepTheCorrectionWhenTheOriginalVersionArrivesAfterIt() {
        final IncidentUpdate investigating = update(
                        "acme", "inc-1", "u-1", IncidentStatus.INVESTIGATING, "2024-05-01T10:00:00Z")
                .build();
        final IncidentUpdate original = update("acme", "inc-1", "u-2", IncidentStatus.RESOLVED, "2024-05-01T11:00:00Z")
                .build();
        final IncidentUpdate corrected = update("acme", "inc-1", "u-2", IncidentStatus.RESOLVED, "2024-05-01T11:30:00Z")
                .setCorrection(true)
                .setPreviousContentHash(original.getContentHash())
                .build();

        final IncidentState inOrder = replay(List.of(investigating, original, corrected));
        final IncidentState correctionFirst = replay(List.of(investigating, corrected, original));

        assertThat(inOrder.getResolvedTime()).isEqualTo(Instant.parse("2024-05-01T11:30:00Z"));
        assertThat(correctionFirst.getResolvedTime()).isEqualTo(inOrder.getResolvedTime());
        assertThat(correctionFirst.getTimeToResolveMs()).isEqualTo(inOrder.getTimeToResolveMs());
    }
}
