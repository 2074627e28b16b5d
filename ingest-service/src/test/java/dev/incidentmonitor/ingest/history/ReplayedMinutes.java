package dev.incidentmonitor.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test helper: replays status changes and sums, per service and local day, the minutes spent in major and in
 * partial outage, splitting intervals at local midnight the way the SPEC's daily minutes are computed.
 */
final class ReplayedMinutes {

    /** A service-day. */
    record Key(String componentId, LocalDate date) implements Comparable<Key> {
        @Override
        public int compareTo(final Key o) {
            final int c = componentId.compareTo(o.componentId);
            return c != 0 ? c : date.compareTo(o.date);
        }
    }

    private ReplayedMinutes() {}

    /**
     * Sums the changes, which must be grouped per service and in time order within a service.
     *
     * @return {@code [major, partial]} minutes per service-day that has any
     */
    static Map<Key, long[]> perDay(final List<HistoricalStatusChange> changes, final ZoneId zone) {
        final Map<Key, long[]> minutes = new TreeMap<>();
        for (int i = 0; i < changes.size(); i++) {
            final HistoricalStatusChange c = changes.get(i);
            final boolean lastOfService =
                    i + 1 == changes.size() || !changes.get(i + 1).componentId().equals(c.componentId());
            if (lastOfService) {
                assertThat(c.newStatus())
                        .as("last status of %s", c.componentId())
                        .isEqualTo(ComponentStatus.OPERATIONAL);
                continue;
            }
            final Instant end = changes.get(i + 1).eventTime();
            assertThat(end).as("changes of %s in time order", c.componentId()).isAfter(c.eventTime());
            final int slot = c.newStatus() == ComponentStatus.MAJOR_OUTAGE
                    ? 0
                    : c.newStatus() == ComponentStatus.PARTIAL_OUTAGE ? 1 : -1;
            if (slot < 0) {
                continue;
            }
            Instant from = c.eventTime();
            while (from.isBefore(end)) {
                final LocalDate day = from.atZone(zone).toLocalDate();
                final Instant nextMidnight = day.plusDays(1).atStartOfDay(zone).toInstant();
                final Instant to = end.isBefore(nextMidnight) ? end : nextMidnight;
                minutes.computeIfAbsent(new Key(c.componentId(), day), k -> new long[2])[slot] +=
                        Duration.between(from, to).toMinutes();
                from = to;
            }
        }
        return minutes;
    }
}
