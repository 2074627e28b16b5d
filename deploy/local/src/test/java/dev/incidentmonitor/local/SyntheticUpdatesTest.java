package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticUpdatesTest {

    private static final Instant END = Instant.parse("2025-06-01T00:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);

    private static List<IncidentUpdate> generate(final SyntheticUpdates.Shape shape) {
        final List<IncidentUpdate> all = new ArrayList<>();
        new SyntheticUpdates(shape).forEachRemaining(all::add);
        return all;
    }

    @Test
    void shouldEmitExactlyTheRequestedNumberWhenIterated() {
        final List<IncidentUpdate> all = generate(new SyntheticUpdates.Shape(20_000, 50, 8, END, YEAR, false, 1, "t"));

        assertThat(all).hasSize(20_000);
    }

    @Test
    void shouldKeepEveryIncidentInEventTimeOrderWithinTheSpanWhenGenerated() {
        final List<IncidentUpdate> all = generate(new SyntheticUpdates.Shape(20_000, 50, 8, END, YEAR, false, 2, "t"));

        final Map<String, Instant> last = new HashMap<>();
        for (final IncidentUpdate update : all) {
            assertThat(update.getDisplayTime()).isBetween(END.minus(YEAR), END);
            final Instant previous = last.put(SyntheticUpdates.key(update), update.getDisplayTime());
            if (previous != null) {
                assertThat(update.getDisplayTime()).isAfter(previous);
            }
        }
        assertThat(last.size()).as("incidents").isBetween(3_000, 7_000);
    }

    @Test
    void shouldNameOneToFourComponentsOfItsProviderWhenAnIncidentIsGenerated() {
        final List<IncidentUpdate> all = generate(new SyntheticUpdates.Shape(20_000, 50, 8, END, YEAR, false, 3, "t"));

        final Set<Integer> sizes = new HashSet<>();
        final Set<String> providers = new HashSet<>();
        for (final IncidentUpdate update : all) {
            assertThat(SyntheticUpdates.key(update)).isEqualTo(update.getProvider() + ":" + update.getIncidentId());
            final List<ServiceRef> components = update.getIncidentComponents();
            sizes.add(components.size());
            providers.add(update.getProvider());
            assertThat(components).extracting(ServiceRef::getComponentId).doesNotHaveDuplicates();
            update.getAffectedComponents().forEach(c -> assertThat(components)
                    .extracting(ServiceRef::getComponentId)
                    .contains(c.getComponentId()));
        }
        assertThat(sizes).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(providers).hasSize(50);
    }

    @Test
    void shouldFollowTheStageSequenceWithFewKeepAlivesWhenPlanned() {
        final SplittableRandom random = new SplittableRandom(4);
        int keepAlives = 0;
        int updates = 0;
        for (int i = 0; i < 10_000; i++) {
            final boolean maintenance = i % 20 == 0;
            final List<IncidentStatus> plan = SyntheticUpdates.plan(random, maintenance);
            assertThat(plan).hasSizeBetween(2, 8);
            assertThat(plan.get(0)).isNotEqualTo(IncidentStatus.UPDATE);
            final IncidentStatus closing = maintenance ? IncidentStatus.COMPLETED : IncidentStatus.RESOLVED;
            assertThat(plan).containsOnlyOnce(closing);
            assertThat(plan.subList(plan.indexOf(closing) + 1, plan.size())).isSubsetOf(IncidentStatus.POSTMORTEM);
            final List<IncidentStatus> stages =
                    plan.stream().filter(s -> s != IncidentStatus.UPDATE).toList();
            assertThat(stages).isSortedAccordingTo((a, b) -> Integer.compare(a.ordinal(), b.ordinal()));
            keepAlives +=
                    (int) plan.stream().filter(s -> s == IncidentStatus.UPDATE).count();
            updates += plan.size();
        }
        assertThat(keepAlives / (double) updates).as("share of keep-alives").isBetween(0.05, 0.25);
    }

    @Test
    void shouldOpenOneIncidentPerUpdateWhenOpenOnly() {
        final List<IncidentUpdate> all =
                generate(new SyntheticUpdates.Shape(5_000, 50, 8, END, Duration.ofDays(7), true, 5, "open"));

        assertThat(all).extracting(IncidentUpdate::getStatus).containsOnly(IncidentStatus.INVESTIGATING);
        assertThat(all).extracting(SyntheticUpdates::key).doesNotHaveDuplicates();
    }

    @Test
    void shouldRepeatTheStreamWhenTheSeedIsTheSame() {
        final SyntheticUpdates.Shape shape = new SyntheticUpdates.Shape(2_000, 50, 8, END, YEAR, false, 6, "t");

        assertThat(generate(shape)).isEqualTo(generate(shape));
    }
}
