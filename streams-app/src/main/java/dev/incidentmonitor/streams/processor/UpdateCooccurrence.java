package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.schema.CooccurrenceWindow;
import dev.incidentmonitor.schema.CooccurrenceWindowLength;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import dev.incidentmonitor.streams.domain.availability.Cooccurrence;
import dev.incidentmonitor.streams.internal.OutageDays;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Co-occurrence of outage days across services: keeps every service's outage days ({@code outage-days-store}, one
 * entry per service) and publishes P(A|B) for every ordered pair whose condition B had an outage day, over the last
 * 30 and 90 days and all time. The pairs are recomputed on punctuation, not per record (a day record changes few
 * pairs, and a replay of history would otherwise publish the whole matrix for every day), and a pair is published
 * only when its figures changed ({@code cooccurrence-store} keeps what was published).
 *
 * <p>All records arrive under one key, so one task owns the matrix; with more instances it simply lives on one of
 * them. The volume is one record per service-day change, small next to the incident topics.
 */
final class UpdateCooccurrence implements Processor<String, DailyAvailability, String, ServiceCooccurrence> {

    /** The one key all day records are re-keyed to. */
    static final String SCOPE_KEY = "all";

    private final String ledgerStoreName;
    private final String publishedStoreName;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private final int maxServices;
    private ProcessorContext<String, ServiceCooccurrence> context;
    private KeyValueStore<String, OutageDays> outageDays;
    /** Latest day seen; restored at start from the stored outage days (a later quiet day is seen again soon). */
    private int lastDay = Integer.MIN_VALUE;
    /** Whether figures may have changed since the last publication; true after a restart, to be safe. */
    private boolean dirty = true;

    private KeyValueStore<String, ServiceCooccurrence> published;

    UpdateCooccurrence(
            final String ledgerStoreName,
            final String publishedStoreName,
            final Duration streamTimeInterval,
            final Duration wallClockInterval,
            final int maxServices) {
        this.ledgerStoreName = ledgerStoreName;
        this.publishedStoreName = publishedStoreName;
        this.streamTimeInterval = streamTimeInterval;
        this.wallClockInterval = wallClockInterval;
        this.maxServices = maxServices;
    }

    @Override
    public void init(final ProcessorContext<String, ServiceCooccurrence> context) {
        this.context = context;
        this.outageDays = context.getStateStore(ledgerStoreName);
        try (KeyValueIterator<String, OutageDays> all = outageDays.all()) {
            all.forEachRemaining(entry -> entry.value.getDays().forEach(d -> lastDay = Math.max(lastDay, d)));
        }
        this.published = context.getStateStore(publishedStoreName);
        context.schedule(streamTimeInterval, PunctuationType.STREAM_TIME, this::publishIfDirty);
        context.schedule(wallClockInterval, PunctuationType.WALL_CLOCK_TIME, this::publishIfDirty);
    }

    @Override
    public void process(final Record<String, DailyAvailability> record) {
        final DailyAvailability day = record.value();
        if (day == null) {
            return;
        }
        final String service = day.getProvider() + ":" + day.getComponentId();
        final OutageDays known = outageDays.get(service);
        final NavigableSet<Integer> days = known == null ? new TreeSet<>() : new TreeSet<>(known.getDays());
        final int epochDay = (int) day.getDate().toEpochDay();
        final boolean outage = day.getMajorOutageMs() + day.getPartialOutageMs() > 0;
        final boolean changed = outage ? days.add(epochDay) : days.remove(epochDay);
        if (epochDay > lastDay) {
            lastDay = epochDay;
            dirty = true;
        }
        if (known != null && !changed && known.getName().equals(day.getServiceName())) {
            return;
        }
        outageDays.put(
                service,
                new OutageDays(day.getProvider(), day.getComponentId(), day.getServiceName(), new ArrayList<>(days)));
        dirty = true;
    }

    private void publishIfDirty(final long time) {
        if (!dirty || lastDay == Integer.MIN_VALUE) {
            return;
        }
        final List<OutageDays> services = new ArrayList<>();
        try (KeyValueIterator<String, OutageDays> all = outageDays.all()) {
            all.forEachRemaining(entry -> services.add(entry.value));
        }
        final List<NavigableSet<Long>> sets = new ArrayList<>(services.size());
        for (final OutageDays s : services) {
            final NavigableSet<Long> set = new TreeSet<>();
            s.getDays().forEach(d -> set.add(d.longValue()));
            sets.add(set);
        }
        final long last = lastDay;
        final long[] froms = {last - 29, last - 89, Long.MIN_VALUE};
        final CooccurrenceWindowLength[] lengths = {
            CooccurrenceWindowLength.LAST_30_DAYS,
            CooccurrenceWindowLength.LAST_90_DAYS,
            CooccurrenceWindowLength.ALL_TIME
        };
        final Instant computed = Instant.ofEpochMilli(time);
        final int limit = Math.min(services.size(), maxServices);
        for (int b = 0; b < limit; b++) {
            if (sets.get(b).isEmpty()) {
                continue;
            }
            for (int a = 0; a < limit; a++) {
                if (a == b) {
                    continue;
                }
                final List<CooccurrenceWindow> windows = new ArrayList<>(3);
                for (int w = 0; w < froms.length; w++) {
                    final Cooccurrence c = Cooccurrence.of(sets.get(a), sets.get(b), froms[w]);
                    windows.add(new CooccurrenceWindow(lengths[w], c.bothDays(), c.conditionDays(), c.probability()));
                }
                final OutageDays sa = services.get(a);
                final OutageDays sb = services.get(b);
                final String key = sa.getProvider() + ":" + sa.getComponentId() + "|" + sb.getProvider() + ":"
                        + sb.getComponentId();
                final ServiceCooccurrence value = new ServiceCooccurrence(
                        sa.getProvider(),
                        sa.getComponentId(),
                        sa.getName(),
                        sb.getProvider(),
                        sb.getComponentId(),
                        sb.getName(),
                        windows,
                        computed);
                final ServiceCooccurrence before = published.get(key);
                if (before == null
                        || !before.getWindows().equals(windows)
                        || !before.getServiceA().equals(sa.getName())
                        || !before.getServiceB().equals(sb.getName())) {
                    published.put(key, value);
                    context.forward(new Record<>(key, value, time));
                }
            }
        }
        dirty = false;
    }
}
