package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.streams.domain.availability.DayOutage;
import dev.incidentmonitor.streams.domain.availability.OutageLevel;
import dev.incidentmonitor.streams.domain.availability.StatusTimeline;
import dev.incidentmonitor.streams.internal.ComponentTimeline;
import dev.incidentmonitor.streams.internal.TimelineChange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per component: the status timeline in event time (one {@code component-changes-store} entry per change, keyed
 * {@code <provider>:<component> NUL <time>}, with the recently used timelines cached in memory; the component's
 * header in {@code component-timeline-store}) and its daily outage minutes
 * and availability per local calendar day ({@code daily-availability-store}, keyed {@code
 * <provider>:<component>:<yyyy-MM-dd>}), published whenever a day's figures change.
 *
 * <p>A change at time t affects the days from t's day to the day of the next change (or the last published day).
 * Only those days are recomputed (plus the days up to stream time not published yet), and only the ones whose
 * figures changed are published, with a growing {@code revision}. Today's figures count the outage so far and are
 * provisional; a day becomes final once it ended more than {@code grace} ago. A late change to a final day publishes it again, still final, with {@code
 * corrected_after_final=true}: a correction is never dropped silently.
 *
 * <p>Every day record goes to {@code daysChild} (the {@code service-availability-daily} sink); to {@code
 * outageDaysChild} (towards co-occurrence) only those that change whether the day had an outage or the service's
 * name, and the first of each later day, so that co-occurrence sees the latest day. That is one record in about ten.
 *
 * <p>Days advance without input through two punctuators, as in {@link UpdateServiceReliability}: stream time for
 * deterministic replays, wall-clock time for quiet partitions. Changes only extend the published days up to stream
 * time, so a replay of years of history in time order touches each day a bounded number of times.
 *
 * <p>A change more than {@code grace} behind "now" (stream time, or the wall clock once it has punctuated): history
 * imported into a running app, a source catching up after an outage. It goes into the timeline at once, but the days
 * it reaches wait for the next punctuation ({@code dirty_from..dirty_until} of the header), together with the
 * component's other late changes. Applied one by one, each change of an import held until the next known change,
 * often today's: every day from it to today was recomputed, published and corrected again for every change, and
 * for a moment the days showed each imported outage as lasting until today. Now each day is recomputed once per
 * punctuation, with every change that arrived before it.
 */
final class ApplyStatusChange implements Processor<String, ComponentStatusChange, String, DailyAvailability> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String timelineStoreName;
    private final String changeStoreName;
    private final String dayStoreName;
    private final long cacheChanges;
    private final DayConventions conventions;
    private final Duration grace;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private ProcessorContext<String, DailyAvailability> context;
    private KeyValueStore<String, ComponentTimeline> timelines;
    private KeyValueStore<String, TimelineChange> changes;
    private WeightedLruCache<StatusTimeline> cache;
    private KeyValueStore<String, DailyAvailability> days;
    private final String daysChild;
    private final String outageDaysChild;
    private long wallClock = Long.MIN_VALUE;
    private TimeIndex due;
    /** Latest day sent to {@code outageDaysChild}; in memory only (after a restart, one more day record is sent). */
    private long latestOutageDaySent = Long.MIN_VALUE;

    ApplyStatusChange(
            final String timelineStoreName,
            final String changeStoreName,
            final String dayStoreName,
            final DayConventions conventions,
            final Duration grace,
            final Duration streamTimeInterval,
            final Duration wallClockInterval,
            final String daysChild,
            final String outageDaysChild,
            final long cacheChanges) {
        this.timelineStoreName = timelineStoreName;
        this.changeStoreName = changeStoreName;
        this.cacheChanges = cacheChanges;
        this.dayStoreName = dayStoreName;
        this.conventions = conventions;
        this.grace = grace;
        this.streamTimeInterval = streamTimeInterval;
        this.wallClockInterval = wallClockInterval;
        this.daysChild = daysChild;
        this.outageDaysChild = outageDaysChild;
    }

    @Override
    public void init(final ProcessorContext<String, DailyAvailability> context) {
        this.context = context;
        this.timelines = context.getStateStore(timelineStoreName);
        this.days = context.getStateStore(dayStoreName);
        this.changes = context.getStateStore(changeStoreName);
        this.cache = new WeightedLruCache<>(
                cacheChanges, timeline -> timeline.changes().size());
        this.due = new TimeIndex();
        try (KeyValueIterator<String, ComponentTimeline> all = timelines.all()) {
            all.forEachRemaining(entry -> due.put(entry.key, dueTime(entry.value)));
        }
        context.schedule(streamTimeInterval, PunctuationType.STREAM_TIME, this::advance);
        context.schedule(wallClockInterval, PunctuationType.WALL_CLOCK_TIME, time -> {
            wallClock = time;
            advance(time);
        });
    }

    @Override
    public void process(final Record<String, ComponentStatusChange> record) {
        final ComponentStatusChange change = record.value();
        if (change == null) {
            return;
        }
        final String expected = change.getProvider() + ":" + change.getComponentId();
        if (!expected.equals(record.key())) {
            throw new InvalidRecordException(
                    "component change keyed '" + record.key() + "' belongs to '" + expected + "'");
        }
        final long time = change.getEventTime().toEpochMilli();
        final ComponentTimeline previous = timelines.get(record.key());
        final StatusTimeline timeline = timeline(record.key());
        final boolean latest =
                timeline.changes().isEmpty() || time >= timeline.changes().lastKey();
        final OutageLevel level = OutageLevel.of(change.getNewStatus().name());
        final boolean changed = timeline.set(time, level);
        if (changed) {
            changes.put(EntryKeys.of(record.key(), Long.toString(time)), new TimelineChange(time, level.name()));
            cache.reweigh(record.key());
        }

        final ComponentTimeline.Builder next = previous == null
                ? ComponentTimeline.newBuilder()
                        .setProvider(change.getProvider())
                        .setComponentId(change.getComponentId())
                        .setName(change.getName())
                        .setNameTime(time)
                        .setCurrentStatus(change.getNewStatus().name())
                        .setPublishedThrough(null)
                        .setFirstProvisional(null)
                        .setScaledOutageTotalMs(0L)
                : ComponentTimeline.newBuilder(previous);
        if (previous != null && time >= previous.getNameTime()) {
            next.setName(change.getName()).setNameTime(time);
        }
        if (latest) {
            next.setCurrentStatus(change.getNewStatus().name());
        }
        if (change.getTimeZone() != null && (previous == null || latest)) {
            next.setTimeZone(change.getTimeZone());
        }
        if (change.getPartialOutageWeight() != null && (previous == null || latest)) {
            next.setPartialWeight(change.getPartialOutageWeight());
        }
        final ComponentTimeline updated = next.build();

        final ZoneId zone = conventions.zone(updated);
        final LocalDate changeDay = LocalDate.ofInstant(Instant.ofEpochMilli(time), zone);
        final long streamNow = Math.max(context.currentStreamTimeMs(), time);
        final LocalDate streamDay = LocalDate.ofInstant(Instant.ofEpochMilli(streamNow), zone);
        final LocalDate published =
                updated.getPublishedThrough() == null ? null : LocalDate.ofEpochDay(updated.getPublishedThrough());
        final LocalDate limit = published == null ? streamDay : max(published, streamDay);
        final Long nextChange = timeline.nextChangeAfter(time);
        final LocalDate affectedUntil =
                nextChange == null ? limit : min(LocalDate.ofInstant(Instant.ofEpochMilli(nextChange), zone), limit);
        final LocalDate from = changed || published == null ? changeDay : limit;
        if (time < Math.max(context.currentStreamTimeMs(), wallClock) - grace.toMillis()) {
            // Late: its days wait for the next punctuation, with the component's other late changes (see the class).
            final ComponentTimeline waiting = changed ? dirty(updated, from, affectedUntil) : updated;
            timelines.put(record.key(), waiting);
            due.put(record.key(), dueTime(waiting));
            return;
        }
        // Recompute only the days the change reaches (to the next change's day), then add the days not published
        // yet: the days in between already hold their figures, and the punctuators move them on in time. Running
        // on to stream time instead would recompute the rest of the component's history for every late change.
        final ComponentTimeline recomputed = publish(record.key(), updated, timeline, from, affectedUntil, streamNow);
        final Integer through = recomputed.getPublishedThrough();
        final ComponentTimeline stored = through != null && streamDay.toEpochDay() > through
                ? publish(record.key(), recomputed, timeline, LocalDate.ofEpochDay(through + 1L), streamDay, streamNow)
                : recomputed;
        timelines.put(record.key(), stored);
        due.put(record.key(), dueTime(stored));
    }

    /**
     * When the component's days next change without input: at the next punctuation while late changes wait, while
     * nothing is published yet or while the component is in an outage (today's minutes grow); else when its next day
     * starts or its earliest provisional day becomes final, whichever comes first.
     */
    private long dueTime(final ComponentTimeline meta) {
        if (meta.getDirtyFrom() != null
                || meta.getPublishedThrough() == null
                || OutageLevel.of(meta.getCurrentStatus()) != OutageLevel.NONE) {
            return Long.MIN_VALUE;
        }
        final ZoneId zone = conventions.zone(meta);
        long next = startOf(meta.getPublishedThrough() + 1L, zone);
        if (meta.getFirstProvisional() != null) {
            next = Math.min(next, startOf(meta.getFirstProvisional() + 1L, zone) + grace.toMillis());
        }
        return next;
    }

    /** {@code meta} with {@code from..until} added to the days that late changes reach. */
    private static ComponentTimeline dirty(final ComponentTimeline meta, final LocalDate from, final LocalDate until) {
        int first = (int) from.toEpochDay();
        int last = (int) Math.max(from.toEpochDay(), until.toEpochDay());
        if (meta.getDirtyFrom() != null) {
            first = Math.min(first, meta.getDirtyFrom());
            last = Math.max(last, meta.getDirtyUntil());
        }
        return ComponentTimeline.newBuilder(meta)
                .setDirtyFrom(first)
                .setDirtyUntil(last)
                .build();
    }

    private static long startOf(final long epochDay, final ZoneId zone) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Recomputes and publishes days {@code from..through}, plus any day not yet published up to {@code through}. */
    private ComponentTimeline publish(
            final String key,
            final ComponentTimeline meta,
            final StatusTimeline timeline,
            final LocalDate from,
            final LocalDate through,
            final long streamNow) {
        final ZoneId zone = conventions.zone(meta);
        final double weight = conventions.weight(meta);
        final long now = Math.max(streamNow, wallClock);
        final Long first = timeline.first();
        if (first == null) {
            return meta;
        }
        final LocalDate firstDay = LocalDate.ofInstant(Instant.ofEpochMilli(first), zone);
        LocalDate start = max(from, firstDay);
        if (meta.getPublishedThrough() != null && meta.getPublishedThrough() + 1 < start.toEpochDay()) {
            start = LocalDate.ofEpochDay(meta.getPublishedThrough() + 1);
        }
        if (meta.getPublishedThrough() == null) {
            start = firstDay;
        }
        long scaledTotal = meta.getScaledOutageTotalMs();
        Integer firstProvisional = meta.getFirstProvisional();
        Integer publishedThrough = meta.getPublishedThrough();
        for (LocalDate day = start; !day.isAfter(through); day = day.plusDays(1)) {
            final long dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
            if (dayStart >= now) {
                break;
            }
            final DayOutage outage = timeline.day(day, zone, now);
            final boolean isFinal =
                    now >= day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() + grace.toMillis();
            final String dayKey = key + ":" + day;
            final DailyAvailability before = days.get(dayKey);
            if (before == null
                    || before.getMajorOutageMs() != outage.majorMillis()
                    || before.getPartialOutageMs() != outage.partialMillis()
                    || before.getFinal$() != isFinal
                    || !before.getServiceName().equals(meta.getName())) {
                final boolean figuresChanged = before != null
                        && (before.getMajorOutageMs() != outage.majorMillis()
                                || before.getPartialOutageMs() != outage.partialMillis());
                final DailyAvailability value = DailyAvailability.newBuilder()
                        .setProvider(meta.getProvider())
                        .setComponentId(meta.getComponentId())
                        .setServiceName(meta.getName())
                        .setDate(day)
                        .setTimeZone(zone.getId())
                        .setMajorOutageMs(outage.majorMillis())
                        .setPartialOutageMs(outage.partialMillis())
                        .setPartialWeight(weight)
                        .setScaledOutageMs(outage.scaledMillis(weight))
                        .setAvailability(outage.availability(weight))
                        .setFinal$(isFinal)
                        .setRevision(before == null ? 1 : before.getRevision() + 1)
                        .setCorrectedAfterFinal(before != null
                                && (before.getCorrectedAfterFinal() || (before.getFinal$() && figuresChanged)))
                        .setComputedTime(Instant.ofEpochMilli(now))
                        .build();
                scaledTotal += value.getScaledOutageMs() - (before == null ? 0 : before.getScaledOutageMs());
                days.put(dayKey, value);
                // Stamped no later than stream time or the wall clock, even when the change's event time (and so
                // "now") is ahead of both: the broker refuses records too far in the future, and the client stops.
                final long latest = Math.max(context.currentStreamTimeMs(), wallClock);
                final Record<String, DailyAvailability> published = new Record<>(
                        dayKey, value, Math.min(latest, Math.max(dayStart, context.currentStreamTimeMs())));
                context.forward(published, daysChild);
                // Co-occurrence needs only whether a day had an outage, and the latest day: most records (a
                // growing outage, a day turning final, an outage-free day) change neither.
                final boolean outageDay = outage.majorMillis() + outage.partialMillis() > 0;
                if ((before == null
                                ? outageDay
                                : outageDay != (before.getMajorOutageMs() + before.getPartialOutageMs() > 0)
                                        || !before.getServiceName().equals(value.getServiceName()))
                        || day.toEpochDay() > latestOutageDaySent) {
                    latestOutageDaySent = Math.max(latestOutageDaySent, day.toEpochDay());
                    context.forward(published, outageDaysChild);
                }
            }
            if (!isFinal && (firstProvisional == null || day.toEpochDay() < firstProvisional)) {
                firstProvisional = (int) day.toEpochDay();
            }
            if (publishedThrough == null || day.toEpochDay() > publishedThrough) {
                publishedThrough = (int) day.toEpochDay();
            }
        }
        if (firstProvisional != null) {
            // Advance past days that are final now.
            LocalDate day = LocalDate.ofEpochDay(firstProvisional);
            while (publishedThrough != null
                    && day.toEpochDay() <= publishedThrough
                    && now >= day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() + grace.toMillis()) {
                final DailyAvailability stored = days.get(key + ":" + day);
                if (stored != null && !stored.getFinal$()) {
                    break;
                }
                day = day.plusDays(1);
            }
            firstProvisional = publishedThrough != null && day.toEpochDay() <= publishedThrough
                    ? Integer.valueOf((int) day.toEpochDay())
                    : null;
        }
        return ComponentTimeline.newBuilder(meta)
                .setPublishedThrough(publishedThrough)
                .setFirstProvisional(firstProvisional)
                .setScaledOutageTotalMs(scaledTotal)
                .build();
    }

    /**
     * Moves the components that are due (see {@link #dueTime}) on to "now": publishes new days, today's outage so far,
     * and finality. A {@link TimeIndex} of due times, rebuilt from the store in {@link #init}, spares reading every
     * timeline at every punctuation: with 10,000 components that read was all the work of a replay.
     */
    private void advance(final long ignored) {
        final long now = Math.max(context.currentStreamTimeMs(), wallClock);
        for (final String key : due.atOrBefore(now)) {
            final ComponentTimeline meta = timelines.get(key);
            if (meta == null) {
                due.remove(key); // the store is the truth; never seen, but cheap to heal
                continue;
            }
            final ZoneId zone = conventions.zone(meta);
            final LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
            ComponentTimeline current = meta;
            if (meta.getDirtyFrom() != null) {
                // The days the late changes since the last punctuation reach, each recomputed once.
                current = publish(
                        key,
                        ComponentTimeline.newBuilder(meta)
                                .setDirtyFrom(null)
                                .setDirtyUntil(null)
                                .build(),
                        timeline(key),
                        LocalDate.ofEpochDay(meta.getDirtyFrom()),
                        LocalDate.ofEpochDay(meta.getDirtyUntil()),
                        now);
            }
            final LocalDate from = current.getFirstProvisional() != null
                    ? LocalDate.ofEpochDay(current.getFirstProvisional())
                    : current.getPublishedThrough() == null
                            ? today
                            : LocalDate.ofEpochDay(current.getPublishedThrough() + 1);
            if (!from.isAfter(today)) {
                current = publish(key, current, timeline(key), from, today, now);
            }
            if (!current.equals(meta)) {
                timelines.put(key, current);
            }
            due.put(key, dueTime(current));
        }
    }

    /** The component's status timeline: from the cache, else read from {@code component-changes-store}. */
    private StatusTimeline timeline(final String key) {
        return cache.get(key, k -> {
            final Map<Long, OutageLevel> loaded = new TreeMap<>();
            try (KeyValueIterator<String, TimelineChange> entries = changes.prefixScan(EntryKeys.prefix(k), KEYS)) {
                entries.forEachRemaining(
                        entry -> loaded.put(entry.value.getTime(), OutageLevel.valueOf(entry.value.getLevel())));
            }
            return new StatusTimeline(loaded);
        });
    }

    private static LocalDate max(final LocalDate a, final LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(final LocalDate a, final LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
