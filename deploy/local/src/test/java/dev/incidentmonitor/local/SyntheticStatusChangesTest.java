package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticStatusChangesTest {

    private static final Instant END = Instant.parse("2025-06-01T00:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);

    private static List<ComponentStatusChange> generate(final SyntheticStatusChanges.Shape shape) {
        final List<ComponentStatusChange> all = new ArrayList<>();
        new SyntheticStatusChanges(shape).forEachRemaining(all::add);
        return all;
    }

    @Test
    void shouldSeeEveryServiceOperationalFirstAndKeepEventTimeOrderWhenGenerated() {
        final List<ComponentStatusChange> all = generate(new SyntheticStatusChanges.Shape(110, 20, END, YEAR, 3, 1));

        final Map<String, ComponentStatus> current = new HashMap<>();
        Instant previous = END.minus(YEAR);
        for (final ComponentStatusChange change : all) {
            assertThat(change.getEventTime()).isAfterOrEqualTo(previous).isBeforeOrEqualTo(END);
            previous = change.getEventTime();
            final String key = SyntheticStatusChanges.key(change);
            assertThat(key).isEqualTo(change.getProvider() + ":" + change.getComponentId());
            final ComponentStatus before = current.put(key, change.getNewStatus());
            if (before == null) {
                assertThat(change.getOldStatus())
                        .as("first sighting of %s", key)
                        .isNull();
                assertThat(change.getNewStatus()).isEqualTo(ComponentStatus.OPERATIONAL);
            } else {
                assertThat(change.getOldStatus()).as("old status of %s", key).isEqualTo(before);
                assertThat(change.getNewStatus())
                        .as("a repeated status is not a change")
                        .isNotEqualTo(before);
            }
        }
        assertThat(current).hasSize(110);
        assertThat(all.subList(0, 110))
                .as("every service is seen before any episode")
                .allSatisfy(change -> assertThat(change.getOldStatus()).isNull());
    }

    @Test
    void shouldGiveEachServiceAboutTheAskedEpisodesPerMonthWhenGenerated() {
        final List<ComponentStatusChange> all = generate(new SyntheticStatusChanges.Shape(200, 20, END, YEAR, 3, 2));

        final Map<ComponentStatus, Integer> entered = new EnumMap<>(ComponentStatus.class);
        for (final ComponentStatusChange change : all) {
            if (change.getOldStatus() == ComponentStatus.OPERATIONAL) {
                entered.merge(change.getNewStatus(), 1, Integer::sum);
            }
        }
        final int episodes =
                entered.values().stream().mapToInt(Integer::intValue).sum();
        final double perServiceAndMonth = episodes / 200.0 / 12;
        assertThat(perServiceAndMonth)
                .as("a busy component sits an episode out")
                .isBetween(2.6, 3.1);
        assertThat(entered.get(ComponentStatus.DEGRADED_PERFORMANCE) / (double) episodes)
                .isBetween(0.30, 0.40);
        assertThat(entered.get(ComponentStatus.MAJOR_OUTAGE) / (double) episodes)
                .isBetween(0.11, 0.19);
        assertThat(entered.get(ComponentStatus.UNDER_MAINTENANCE) / (double) episodes)
                .isBetween(0.16, 0.24);
        assertThat(all.size() - 200).as("about 2.2 changes per episode").isBetween((int) (episodes * 2.1), (int)
                (episodes * 2.3));
    }

    @Test
    void shouldStampOneZoneAndWeightPerProviderWhenGenerated() {
        final List<ComponentStatusChange> all = generate(new SyntheticStatusChanges.Shape(1_000, 20, END, YEAR, 1, 3));

        final Map<String, Set<String>> conventions = new HashMap<>();
        final Set<String> components = new HashSet<>();
        for (final ComponentStatusChange change : all) {
            conventions
                    .computeIfAbsent(change.getProvider(), p -> new HashSet<>())
                    .add(change.getTimeZone() + "|" + change.getPartialOutageWeight());
            components.add(SyntheticStatusChanges.key(change));
        }
        assertThat(conventions).hasSize(50);
        assertThat(conventions.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(components).hasSize(1_000);
        final Set<String> distinct = new HashSet<>();
        conventions.values().forEach(distinct::addAll);
        assertThat(distinct)
                .as("several zones and both weights")
                .anyMatch(c -> c.endsWith("|1.0"))
                .anyMatch(c -> c.startsWith("America/Los_Angeles|0.3"))
                .anyMatch(c -> !c.startsWith("America/Los_Angeles"));
    }

    @Test
    void shouldGiveTheSameStreamWhenTheSeedIsTheSame() {
        final SyntheticStatusChanges.Shape shape = new SyntheticStatusChanges.Shape(50, 7, END, YEAR, 3, 4);

        assertThat(generate(shape)).isEqualTo(generate(shape));
    }

    @Test
    void shouldEmitOnlyFirstSightingsWhenNoEpisodeIsAsked() {
        final List<ComponentStatusChange> all = generate(new SyntheticStatusChanges.Shape(45, 20, END, YEAR, 0, 5));

        assertThat(all).hasSize(45);
        assertThat(all.get(44).getProvider())
                .as("the last page takes what is left")
                .isEqualTo("provider-2");
    }
}
