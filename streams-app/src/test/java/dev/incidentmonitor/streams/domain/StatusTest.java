package dev.incidentmonitor.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which status sets which marker, which ones are open, and how page symbols are read. */
class StatusTest {

    @Test
    void shouldSetMarkersOneToFiveWhenStatusIsAStage() {
        assertThat(Arrays.stream(Status.values()).filter(Status::isStage))
                .containsExactly(
                        Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING, Status.RESOLVED, Status.POSTMORTEM);
        assertThat(Arrays.stream(Status.values()).filter(Status::isStage).map(Status::marker))
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(Status.UPDATE.isStage()).isFalse();
        assertThat(Status.UPDATE.marker()).isZero();
    }

    @Test
    void shouldBeOpenWhenStatusIsBeforeResolution() {
        assertThat(Arrays.stream(Status.values()).filter(Status::isOpen))
                .containsExactlyInAnyOrder(
                        Status.INVESTIGATING,
                        Status.IDENTIFIED,
                        Status.MONITORING,
                        Status.SCHEDULED,
                        Status.IN_PROGRESS,
                        Status.VERIFYING);
    }

    @Test
    void shouldMarkMaintenanceWhenStatusBelongsToScheduledMaintenance() {
        assertThat(Arrays.stream(Status.values()).filter(Status::isMaintenance))
                .containsExactlyInAnyOrder(Status.SCHEDULED, Status.IN_PROGRESS, Status.VERIFYING, Status.COMPLETED);
    }

    @Test
    void shouldParseSymbolWhenKnownAndFallBackToUnknownOtherwise() {
        assertThat(Status.parse("RESOLVED")).isEqualTo(Status.RESOLVED);
        assertThat(Status.parse("in_progress")).isEqualTo(Status.IN_PROGRESS);
        assertThat(Status.parse("paused")).isEqualTo(Status.UNKNOWN);
        assertThat(Status.parse(null)).isEqualTo(Status.UNKNOWN);
    }
}
