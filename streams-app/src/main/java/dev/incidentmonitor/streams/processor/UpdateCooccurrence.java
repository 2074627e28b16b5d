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
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Co-occurrence of outage days across services: keeps every service's outage days ({@code outage-days-store}, one
 * entry per service) and publishes P(A|B) over the last 30 and 90 days and all time for every ordered pair that
 * shared an outage day. A pair that never did is not published (its P(A|B) is 0 whenever B had an outage day), and
 * a pair that no longer does (a correction removed the day) is deleted with a tombstone, so that the compacted topic
 * and {@code cooccurrence-store} hold exactly the pairs with a shared day.
 *
 * <p>Incremental: a punctuation recomputes only the pairs of services whose outage days (or name) changed since the
 * last one, and of services with an outage on a day that has just left the 30- or 90-day window, each with the
 * services it shared a day with (found through an index of services by outage day). Pairs are recomputed on
 * punctuation, not per record: a replay of history would otherwise publish a service's pairs for every day record.
 * What changed since the last publication is kept in the store ({@code pending}, {@code removed_days}, and the last
 * published day in {@code cooccurrence-progress-store}), so a restart publishes what the crash left unpublished.
 *
 * <p>The matrix holds the first {@code maxServices} services in key order that had an outage day (its work grows
 * with the square of their number; a service without one has no pair and takes no place); a service beyond is kept
 * in the store but enters no pair, and one with a smaller key that arrives later takes the place of the largest,
 * whose pairs are deleted. All records arrive under one key, so one task owns the
 * matrix; with more instances it simply lives on one of them.
 */
final class UpdateCooccurrence implements Processor<String, DailyAvailability, String, ServiceCooccurrence> {

    /** The one key all day records are re-keyed to. */
    static final String SCOPE_KEY = "all";

    /** Key of the last day the published pairs were computed for, in the progress store. */
    static final String LAST_DAY_KEY = "last-published-day";

    private static final Logger LOG = LoggerFactory.getLogger(UpdateCooccurrence.class);
    private static final int[] BOUNDED_WINDOW_DAYS = {30, 90};
    private static final CooccurrenceWindowLength[] LENGTHS = {
        CooccurrenceWindowLength.LAST_30_DAYS, CooccurrenceWindowLength.LAST_90_DAYS, CooccurrenceWindowLength.ALL_TIME
    };

    private final String ledgerStoreName;
    private final String publishedStoreName;
    private final String progressStoreName;
    private final Duration streamTimeInterval;
    private final Duration wallClockInterval;
    private final int maxServices;
    private ProcessorContext<String, ServiceCooccurrence> context;
    private KeyValueStore<String, OutageDays> outageDays;
    private KeyValueStore<String, ServiceCooccurrence> published;
    private KeyValueStore<String, Long> progress;

    // In memory, rebuilt from the stores in init(): the services in the matrix, which of them had an outage on each
    // day, and which must be published again.
    private TreeMap<String, Member> members;
    private TreeMap<Integer, Set<String>> byDay;
    private TreeSet<String> pending;
    /** Latest day seen; restored at start from the stored outage days (a later quiet day is seen again soon). */
    private int lastDay;

    private Integer publishedLastDay;
    private boolean warnedFull;

    /** A service in the matrix. */
    private record Member(OutageDays stored, NavigableSet<Long> days) {}

    UpdateCooccurrence(
            final String ledgerStoreName,
            final String publishedStoreName,
            final String progressStoreName,
            final Duration streamTimeInterval,
            final Duration wallClockInterval,
            final int maxServices) {
        this.ledgerStoreName = ledgerStoreName;
        this.publishedStoreName = publishedStoreName;
        this.progressStoreName = progressStoreName;
        this.streamTimeInterval = streamTimeInterval;
        this.wallClockInterval = wallClockInterval;
        this.maxServices = maxServices;
    }

    @Override
    public void init(final ProcessorContext<String, ServiceCooccurrence> context) {
        this.context = context;
        this.outageDays = context.getStateStore(ledgerStoreName);
        this.published = context.getStateStore(publishedStoreName);
        this.progress = context.getStateStore(progressStoreName);
        this.members = new TreeMap<>();
        this.byDay = new TreeMap<>();
        this.pending = new TreeSet<>();
        this.lastDay = Integer.MIN_VALUE;
        this.warnedFull = false;
        final Long last = progress.get(LAST_DAY_KEY);
        this.publishedLastDay = last == null ? null : last.intValue();
        try (KeyValueIterator<String, OutageDays> all = outageDays.all()) {
            while (all.hasNext()) {
                final KeyValue<String, OutageDays> entry = all.next();
                entry.value.getDays().forEach(d -> lastDay = Math.max(lastDay, d));
                if (members.size() < maxServices && !entry.value.getDays().isEmpty()) {
                    admit(entry.key, entry.value);
                    if (entry.value.getPending()) {
                        pending.add(entry.key);
                    }
                }
            }
        }
        context.schedule(streamTimeInterval, PunctuationType.STREAM_TIME, this::publish);
        context.schedule(wallClockInterval, PunctuationType.WALL_CLOCK_TIME, this::publish);
    }

    @Override
    public void process(final Record<String, DailyAvailability> record) {
        final DailyAvailability day = record.value();
        if (day == null) {
            return;
        }
        final String service = day.getProvider() + ":" + day.getComponentId();
        final Member member = members.get(service);
        final OutageDays known = member != null ? member.stored() : outageDays.get(service);
        final NavigableSet<Integer> days = known == null ? new TreeSet<>() : new TreeSet<>(known.getDays());
        final int epochDay = (int) day.getDate().toEpochDay();
        final boolean outage = day.getMajorOutageMs() + day.getPartialOutageMs() > 0;
        final boolean changed = outage ? days.add(epochDay) : days.remove(epochDay);
        lastDay = Math.max(lastDay, epochDay);
        if (known != null && !changed && known.getName().equals(day.getServiceName())) {
            return;
        }
        final List<Integer> removed = known == null ? new ArrayList<>() : new ArrayList<>(known.getRemovedDays());
        if (changed && !outage && !removed.contains(epochDay)) {
            removed.add(epochDay);
        }
        if (days.isEmpty()) {
            // no outage day (left): no pair to take part in, and no place taken from a service with one
            if (member != null) {
                evict(service, record.timestamp());
            }
            outageDays.put(
                    service,
                    new OutageDays(
                            day.getProvider(),
                            day.getComponentId(),
                            day.getServiceName(),
                            List.of(),
                            false,
                            List.of()));
            return;
        }
        final OutageDays stored = new OutageDays(
                day.getProvider(), day.getComponentId(), day.getServiceName(), new ArrayList<>(days), true, removed);
        outageDays.put(service, stored);
        if (member != null) {
            if (changed) {
                if (outage) {
                    member.days().add((long) epochDay);
                    byDay.computeIfAbsent(epochDay, d -> new HashSet<>()).add(service);
                } else {
                    member.days().remove((long) epochDay);
                    unindex(epochDay, service);
                }
            }
            members.put(service, new Member(stored, member.days()));
            pending.add(service);
        } else if (members.size() < maxServices) {
            admit(service, stored);
            pending.add(service);
        } else if (service.compareTo(members.lastKey()) < 0) {
            evict(members.lastKey(), record.timestamp());
            admit(service, stored);
            pending.add(service);
        } else if (!warnedFull) {
            warnedFull = true;
            LOG.warn(
                    "co-occurrence holds its maximum of {} services ({}); {} and later ones in key order enter no"
                            + " pair: raise it to include them",
                    maxServices,
                    "app.cooccurrence.max-services",
                    service);
        }
    }

    private void admit(final String service, final OutageDays stored) {
        final NavigableSet<Long> days = new TreeSet<>();
        for (final Integer d : stored.getDays()) {
            days.add(d.longValue());
            byDay.computeIfAbsent(d, x -> new HashSet<>()).add(service);
        }
        members.put(service, new Member(stored, days));
    }

    /** Takes {@code service} out of the matrix, deleting every pair it was part of. */
    private void evict(final String service, final long timestamp) {
        final Member member = members.get(service);
        final Set<String> partners = partners(service, member);
        for (final Long d : member.days()) {
            unindex(d.intValue(), service);
        }
        members.remove(service);
        pending.remove(service);
        for (final String partner : partners) {
            delete(pairKey(service, partner), timestamp);
            delete(pairKey(partner, service), timestamp);
        }
    }

    private void unindex(final int day, final String service) {
        final Set<String> services = byDay.get(day);
        if (services != null && services.remove(service) && services.isEmpty()) {
            byDay.remove(day);
        }
    }

    /** The services that share, or shared until a pending correction, an outage day with {@code service}. */
    private Set<String> partners(final String service, final Member member) {
        final Set<String> partners = new TreeSet<>();
        for (final Long d : member.days()) {
            partners.addAll(byDay.getOrDefault(d.intValue(), Set.of()));
        }
        for (final Integer d : member.stored().getRemovedDays()) {
            partners.addAll(byDay.getOrDefault(d, Set.of()));
        }
        partners.remove(service);
        return partners;
    }

    private void publish(final long time) {
        if (lastDay == Integer.MIN_VALUE) {
            return;
        }
        // Services with an outage on a day that left a bounded window: their condition counts changed, so every
        // pair they are the condition of changed too, and is published without reading what was published before.
        final Set<String> slid = new HashSet<>();
        if (publishedLastDay != null && lastDay > publishedLastDay) {
            for (final int length : BOUNDED_WINDOW_DAYS) {
                final int from = publishedLastDay - length + 1;
                final int to = lastDay - length;
                for (final Set<String> services :
                        byDay.subMap(from, true, to, true).values()) {
                    slid.addAll(services);
                }
            }
        }
        final TreeSet<String> affected = new TreeSet<>(pending);
        affected.addAll(slid);
        if (affected.isEmpty() && publishedLastDay != null && publishedLastDay == lastDay) {
            return;
        }
        final long[] froms = {lastDay - 29L, lastDay - 89L, Long.MIN_VALUE};
        final Instant computed = Instant.ofEpochMilli(time);
        final Set<String> done = new HashSet<>();
        for (final String service : affected) {
            final Member member = members.get(service);
            if (member == null) {
                continue;
            }
            for (final String partner : partners(service, member)) {
                final Member other = members.get(partner);
                update(service, member, partner, other, slid.contains(partner), froms, computed, time, done);
                update(partner, other, service, member, slid.contains(service), froms, computed, time, done);
            }
        }
        for (final String service : pending) {
            final OutageDays stored = outageDays.get(service);
            if (stored != null
                    && (stored.getPending() || !stored.getRemovedDays().isEmpty())) {
                final OutageDays clean = new OutageDays(
                        stored.getProvider(),
                        stored.getComponentId(),
                        stored.getName(),
                        stored.getDays(),
                        false,
                        List.of());
                outageDays.put(service, clean);
                final Member member = members.get(service);
                if (member != null) {
                    members.put(service, new Member(clean, member.days()));
                }
            }
        }
        pending.clear();
        publishedLastDay = lastDay;
        progress.put(LAST_DAY_KEY, (long) lastDay);
    }

    /**
     * Publishes P(a|b) when it changed (or, when {@code changed} says so already, without reading what was published),
     * or deletes the pair when a and b no longer share an outage day.
     */
    private void update(
            final String a,
            final Member sa,
            final String b,
            final Member sb,
            final boolean changed,
            final long[] froms,
            final Instant computed,
            final long time,
            final Set<String> done) {
        final String key = pairKey(a, b);
        if (!done.add(key)) {
            return;
        }
        final List<CooccurrenceWindow> windows = new ArrayList<>(froms.length);
        for (int w = 0; w < froms.length; w++) {
            final Cooccurrence c = Cooccurrence.of(sa.days(), sb.days(), froms[w]);
            windows.add(new CooccurrenceWindow(LENGTHS[w], c.bothDays(), c.conditionDays(), c.probability()));
        }
        if (windows.get(froms.length - 1).getBothDays() == 0) {
            delete(key, time);
            return;
        }
        final OutageDays da = sa.stored();
        final OutageDays db = sb.stored();
        final ServiceCooccurrence before = changed ? null : published.get(key);
        if (before != null
                && before.getWindows().equals(windows)
                && before.getServiceA().equals(da.getName())
                && before.getServiceB().equals(db.getName())) {
            return;
        }
        final ServiceCooccurrence value = new ServiceCooccurrence(
                da.getProvider(),
                da.getComponentId(),
                da.getName(),
                db.getProvider(),
                db.getComponentId(),
                db.getName(),
                windows,
                computed);
        published.put(key, value);
        context.forward(new Record<>(key, value, time));
    }

    private void delete(final String key, final long time) {
        if (published.get(key) != null) {
            published.delete(key);
            context.forward(new Record<String, ServiceCooccurrence>(key, null, time));
        }
    }

    private static String pairKey(final String a, final String b) {
        return a + "|" + b;
    }
}
