package dev.incidentmonitor.ingest.history;

import dev.incidentmonitor.ingest.history.UptimeFileReader.DayRow;
import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one service's daily outage minutes into status changes in event time.
 *
 * <p>The study's calendars give only how many minutes of a local day were in major and in partial outage, not
 * when. They are replayed as: at local midnight {@code MAJOR_OUTAGE} for the day's major minutes, then
 * {@code PARTIAL_OUTAGE} for its partial minutes, then {@code OPERATIONAL}. Summed per local day, these intervals
 * give back exactly the day's minutes, which is all the study's per-day numbers use; the time of day is made up.
 */
final class OutageReplay {

    /** The changes and day totals of one service. */
    record Replayed(List<HistoricalStatusChange> changes, List<ServiceDayTotal> totals) {}

    private record Step(Instant at, ComponentStatus status) {}

    private OutageReplay() {}

    /**
     * Replays one service.
     *
     * @param days the service's rows, in date order, one per date
     */
    static Replayed replay(
            final StudyCatalog.Service service, final List<DayRow> days, final ZoneId zone, final ImportLog log) {
        final List<Step> timeline = new ArrayList<>();
        final List<ServiceDayTotal> totals = new ArrayList<>();
        LocalDate previous = null;
        for (final DayRow day : days) {
            if (previous != null && !day.date().equals(previous.plusDays(1))) {
                log.warning(
                        day.file(),
                        day.line(),
                        "no row for the " + (ChronoUnit.DAYS.between(previous, day.date()) - 1) + " day(s) between "
                                + previous + " and " + day.date() + "; replayed as operational");
            }
            previous = day.date();

            final Instant start = day.date().atStartOfDay(zone).toInstant();
            final Instant end = day.date().plusDays(1).atStartOfDay(zone).toInstant();
            // A local day has 1440 minutes, 1380 when summer time starts and 1500 when it ends. Minutes beyond
            // the day's real length are cut, so that an interval never runs into the next local day (where it
            // would be counted twice); the day's total keeps the study's minutes and is marked clamped.
            final long dayMinutes = Duration.between(start, end).toMinutes();
            final long major = Math.min(day.majorMinutes(), dayMinutes);
            final long partial = Math.min(day.partialMinutes(), dayMinutes - major);
            final boolean clamped = major != day.majorMinutes() || partial != day.partialMinutes();
            if (clamped) {
                log.warning(
                        day.file(),
                        day.line(),
                        day.date() + ": " + day.majorMinutes() + " major + " + day.partialMinutes()
                                + " partial minutes do not fit into the " + dayMinutes
                                + "-minute local day; replayed " + major + " + " + partial);
            }
            totals.add(new ServiceDayTotal(
                    service.provider(),
                    service.componentId(),
                    day.date(),
                    day.majorMinutes(),
                    day.partialMinutes(),
                    clamped));

            final Instant afterMajor = start.plus(Duration.ofMinutes(major));
            if (major > 0) {
                set(timeline, start, ComponentStatus.MAJOR_OUTAGE);
            }
            if (partial > 0) {
                set(timeline, afterMajor, ComponentStatus.PARTIAL_OUTAGE);
            }
            set(timeline, afterMajor.plus(Duration.ofMinutes(partial)), ComponentStatus.OPERATIONAL);
        }

        final List<HistoricalStatusChange> changes = new ArrayList<>(timeline.size());
        ComponentStatus old = null;
        for (final Step step : timeline) {
            changes.add(new HistoricalStatusChange(
                    service.provider(), service.componentId(), service.name(), old, step.status(), step.at()));
            old = step.status();
        }
        return new Replayed(changes, totals);
    }

    /**
     * Appends "status from {@code at} on". Steps arrive in time order; a step at the same instant as the last one
     * replaces it (a day that ends in an outage at midnight hands over to the next day's first status), and a
     * repeated status is not a change.
     */
    private static void set(final List<Step> timeline, final Instant at, final ComponentStatus status) {
        while (!timeline.isEmpty() && !timeline.get(timeline.size() - 1).at().isBefore(at)) {
            timeline.remove(timeline.size() - 1);
        }
        if (timeline.isEmpty() || timeline.get(timeline.size() - 1).status() != status) {
            timeline.add(new Step(at, status));
        }
    }
}
