package dev.incidentmonitor.streams.domain.availability;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One component's status over event time: from each change on, the status holds until the next change. Built from
 * every source of the component's status, in any arrival order: the timeline is a map from time to status, so a late
 * change lands where it belongs. Two statuses at the same instant: the more severe one wins, so the result does not
 * depend on which arrived first. Before the first change the component did not exist (no outage).
 */
public final class StatusTimeline {

    private final NavigableMap<Long, OutageLevel> changes = new TreeMap<>();

    /** An empty timeline. */
    public StatusTimeline() {}

    /** A timeline of {@code changes} (time in epoch milliseconds → level). */
    public StatusTimeline(final Map<Long, OutageLevel> changes) {
        changes.forEach(this::set);
    }

    /**
     * Sets the level from {@code time} on.
     *
     * @return true when the timeline changed
     */
    public boolean set(final long time, final OutageLevel level) {
        final OutageLevel existing = changes.get(time);
        if (existing != null && existing.severity() >= level.severity()) {
            return false;
        }
        changes.put(time, level);
        return true;
    }

    /** The changes, in time order. */
    public NavigableMap<Long, OutageLevel> changes() {
        return changes;
    }

    /** Time of the first change, or null. */
    public Long first() {
        return changes.isEmpty() ? null : changes.firstKey();
    }

    /** The time of the first change after {@code time}, or null. */
    public Long nextChangeAfter(final long time) {
        return changes.higherKey(time);
    }

    /**
     * Outage time of the local day {@code date} in {@code zone}, counting only up to {@code until} (exclusive), so
     * that today's provisional value holds the outage so far and not a guess about the rest of the day.
     */
    public DayOutage day(final LocalDate date, final ZoneId zone, final long until) {
        final long dayStart = date.atStartOfDay(zone).toInstant().toEpochMilli();
        final long dayEnd =
                Math.min(date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli(), until);
        long major = 0;
        long partial = 0;
        if (dayEnd > dayStart) {
            final Map.Entry<Long, OutageLevel> before = changes.floorEntry(dayStart);
            long cursor = dayStart;
            OutageLevel level = before == null ? OutageLevel.NONE : before.getValue();
            for (final Map.Entry<Long, OutageLevel> change :
                    changes.subMap(dayStart, false, dayEnd, false).entrySet()) {
                final long length = change.getKey() - cursor;
                if (level == OutageLevel.MAJOR) {
                    major += length;
                } else if (level == OutageLevel.PARTIAL) {
                    partial += length;
                }
                cursor = change.getKey();
                level = change.getValue();
            }
            final long length = dayEnd - cursor;
            if (level == OutageLevel.MAJOR) {
                major += length;
            } else if (level == OutageLevel.PARTIAL) {
                partial += length;
            }
        }
        return new DayOutage(date, major, partial);
    }
}
