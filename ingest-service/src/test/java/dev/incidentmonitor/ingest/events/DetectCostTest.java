package dev.incidentmonitor.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rough measurement, not a benchmark (no JMH here): the cost of {@link ChangeDetector#detect} on an unchanged page
 * of 50 incidents with 200 updates and 25 components, which is what every poll of every page pays. It prints the
 * figure and asserts only the result, since time depends on the machine.
 */
class DetectCostTest {

    private static final int INCIDENTS = 50;
    private static final int UPDATES_PER_INCIDENT = 4;
    private static final int COMPONENTS = 25;
    private static final String BODY = "We are continuing to investigate elevated error rates for requests to the API. "
            + "Some users may see 5xx responses or increased latency. We will provide an update as soon as we know "
            + "more about the cause and the expected time of resolution. ";

    private static PageSnapshot bigPage(final Instant observedAt) {
        final Instant start = Instant.parse("2024-06-01T00:00:00Z");
        final List<ComponentSnapshot> components = new ArrayList<>();
        for (int c = 0; c < COMPONENTS; c++) {
            components.add(new ComponentSnapshot(
                    "component-" + c, "Component " + c, "Group", ComponentStatus.OPERATIONAL, null));
        }
        final List<IncidentSnapshot> incidents = new ArrayList<>();
        final IncidentStatus[] statuses = {
            IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING, IncidentStatus.RESOLVED
        };
        for (int i = 0; i < INCIDENTS; i++) {
            final List<UpdateSnapshot> updates = new ArrayList<>();
            for (int u = UPDATES_PER_INCIDENT - 1; u >= 0; u--) {
                final String component = "component-" + (i % COMPONENTS);
                updates.add(new UpdateSnapshot(
                        "incident-" + i + "-update-" + u,
                        statuses[u],
                        BODY + BODY + "(" + i + "/" + u + ")",
                        start.plus(Duration.ofHours(6L * i + u)),
                        start.plus(Duration.ofHours(6L * i + u)),
                        List.of(new ComponentChange(
                                component,
                                "Component " + (i % COMPONENTS),
                                u == 0 ? ComponentStatus.OPERATIONAL : ComponentStatus.PARTIAL_OUTAGE,
                                u == 3 ? ComponentStatus.OPERATIONAL : ComponentStatus.PARTIAL_OUTAGE))));
            }
            incidents.add(new IncidentSnapshot(
                    "incident-" + i,
                    "Elevated error rates " + i,
                    Impact.MAJOR,
                    false,
                    List.of(new ComponentRef("component-" + (i % COMPONENTS), "Component " + (i % COMPONENTS))),
                    "https://status.example.com/incidents/incident-" + i,
                    null,
                    null,
                    updates));
        }
        return new PageSnapshot("example", "page", ZoneId.of("UTC"), components, incidents, observedAt, List.of());
    }

    @Test
    void shouldBeCheapAndFindNothingWhenAPollSeesAnUnchangedPage() {
        final ChangeDetector detector = new ChangeDetector();
        final InMemoryPublishedState state = new InMemoryPublishedState();
        final PageSnapshot first = bigPage(Instant.parse("2024-07-01T00:00:00Z"));
        final ChangeSet initial = detector.detect(first, state, EventSource.POLL, first.observedAt());
        state.applyAll(initial.progress());
        assertThat(initial.incidentUpdates()).hasSize(INCIDENTS * UPDATES_PER_INCIDENT);
        assertThat(initial.componentChanges()).hasSize(COMPONENTS + INCIDENTS * 2);

        // A fresh snapshot object per poll, as the parser makes one: nothing is cached by identity.
        final PageSnapshot unchanged = bigPage(Instant.parse("2024-07-01T00:01:00Z"));
        final int warmup = 3_000;
        for (int i = 0; i < warmup; i++) {
            assertThat(detector.detect(unchanged, state, EventSource.POLL, unchanged.observedAt())
                            .isEmpty())
                    .isTrue();
        }
        final int rounds = 7;
        final int perRound = 500;
        final double[] micros = new double[rounds];
        int empty = 0;
        for (int r = 0; r < rounds; r++) {
            final long startNanos = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                if (detector.detect(unchanged, state, EventSource.POLL, unchanged.observedAt())
                        .isEmpty()) {
                    empty++;
                }
            }
            micros[r] = (System.nanoTime() - startNanos) / 1_000.0 / perRound;
        }
        Arrays.sort(micros);

        assertThat(empty).isEqualTo(rounds * perRound);
        System.out.printf(
                "ChangeDetector.detect on an unchanged page (%d incidents, %d updates, %d components):"
                        + " median %.1f µs, best %.1f µs (%d rounds of %d)%n",
                INCIDENTS,
                INCIDENTS * UPDATES_PER_INCIDENT,
                COMPONENTS,
                micros[rounds / 2],
                micros[0],
                rounds,
                perRound);
    }
}
