package dev.incidentmonitor.local;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Synthetic component status changes for {@code bench availability}: {@code services} components of status pages
 * over {@code span} up to {@code end}, generated one at a time in event-time order.
 *
 * <p>What a year of a page's component list looks like: every component is first seen {@code OPERATIONAL} at the
 * start of the span (as polling sees a new page), then goes through <em>episodes</em>, on average {@code
 * episodesPerMonth} per component: degraded performance (35%), partial outage (30%), major outage (15%) or
 * maintenance (20%), lasting minutes to hours (log-normal around 30 to 45 minutes, at most 12 hours; maintenance 30
 * minutes to 4 hours), a quarter of the outages escalating or easing once on the way (degraded to partial, partial to
 * major or back to degraded, major to partial), and back to {@code OPERATIONAL}. An episode is one incident of a
 * provider and hits 1 to 4 of its components (mostly one) within a few minutes of each other, as on a real page; a
 * component already in an episode sits the next one out, so its changes never interleave. A change that would come
 * after {@code end} is not posted, so the last episodes may still be open.
 *
 * <p>Each change is stamped with its provider's day convention, as the ingest-service stamps it: a time zone
 * (America/Los_Angeles for half of the providers, the rest UTC, New York, London or Tokyo) and a partial-outage weight
 * (0.3 as on Statuspage, 1.0 for a fifth of the providers, as on incident.io pages).
 *
 * <p>Only the changes of running episodes are held (a priority queue), plus one status and one time per component.
 * The same seed gives the same stream.
 */
final class SyntheticStatusChanges implements Iterator<ComponentStatusChange> {

    private static final long MINUTE = 60_000L;
    private static final double MEAN_DAYS_PER_MONTH = 365.25 / 12;
    private static final int[] COMPONENTS_PER_EPISODE_PERCENT = {55, 25, 12, 8}; // 1, 2, 3, 4 components
    private static final String[] ZONES = {
        "America/Los_Angeles", "Etc/UTC", "America/New_York", "Europe/London", "Asia/Tokyo"
    };
    private static final int[] ZONE_PERCENT = {50, 20, 15, 10, 5};

    /**
     * What to generate.
     *
     * @param services how many components (services) in all
     * @param componentsPerProvider components per page; the last page takes what is left
     * @param end the latest event time
     * @param span how long before {@code end} every component is first seen
     * @param episodesPerMonth mean episodes per component and month (30.4 days)
     * @param seed the random seed
     */
    record Shape(
            int services, int componentsPerProvider, Instant end, Duration span, double episodesPerMonth, long seed) {

        Shape {
            if (services < 1 || componentsPerProvider < 1) {
                throw new IllegalArgumentException("at least one service and one component per provider are needed");
            }
            if (span.isNegative() || span.isZero()) {
                throw new IllegalArgumentException("span must be positive, was " + span);
            }
            if (!(episodesPerMonth >= 0)) {
                throw new IllegalArgumentException("episodes per month must not be negative, was " + episodesPerMonth);
            }
        }

        int providers() {
            return (services + componentsPerProvider - 1) / componentsPerProvider;
        }
    }

    private final Shape shape;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final ComponentStatus[] status;
    private final long[] busyUntil;
    private final String[] zones;
    private final double[] weights;
    private final long endMs;
    private final long firstMs;
    private final double meanGapMs;
    private long nextStart;
    private int firstSeen;
    private long episodes;
    private long emitted;
    private long sequence;
    private ComponentStatusChange next;

    SyntheticStatusChanges(final Shape shape) {
        this.shape = shape;
        this.random = new SplittableRandom(shape.seed());
        this.endMs = shape.end().toEpochMilli();
        this.firstMs = endMs - shape.span().toMillis();
        this.status = new ComponentStatus[shape.services()];
        this.busyUntil = new long[shape.services()];
        Arrays.fill(busyUntil, Long.MIN_VALUE);
        this.zones = new String[shape.providers()];
        this.weights = new double[shape.providers()];
        for (int p = 0; p < zones.length; p++) {
            zones[p] = ZONES[pick(random, ZONE_PERCENT)];
            weights[p] = random.nextInt(100) < 20 ? 1.0 : 0.3;
        }
        double meanComponents = 0;
        for (int k = 0; k < COMPONENTS_PER_EPISODE_PERCENT.length; k++) {
            meanComponents += (k + 1) * COMPONENTS_PER_EPISODE_PERCENT[k] / 100.0;
        }
        final double episodesPerMs = shape.episodesPerMonth()
                * shape.services()
                / Math.min(meanComponents, shape.componentsPerProvider())
                / (MEAN_DAYS_PER_MONTH * 24 * 60 * MINUTE);
        this.meanGapMs = episodesPerMs > 0 ? 1 / episodesPerMs : Double.POSITIVE_INFINITY;
        // the first sightings take one millisecond each; episodes start after them
        this.nextStart = gap(firstMs + shape.services());
    }

    /** The record key of a change: {@code <provider>:<component_id>}, as the ingest-service writes it. */
    static String key(final ComponentStatusChange change) {
        return change.getProvider() + ":" + change.getComponentId();
    }

    /** Episodes started so far (some may have hit no component, all of whose components were busy). */
    long episodes() {
        return episodes;
    }

    /** Changes emitted so far, first sightings included. */
    long emitted() {
        return emitted;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public ComponentStatusChange next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final ComponentStatusChange change = next;
        next = null;
        emitted++;
        return change;
    }

    private ComponentStatusChange advance() {
        if (firstSeen < shape.services()) {
            final int component = firstSeen++;
            return change(component, ComponentStatus.OPERATIONAL, firstMs + component, null);
        }
        while (true) {
            while (nextStart <= endMs
                    && (pending.isEmpty() || nextStart <= pending.peek().time())) {
                startEpisode(nextStart);
                nextStart = gap(nextStart);
            }
            final Pending change = pending.poll();
            if (change == null) {
                return null;
            }
            if (change.time() > endMs) {
                continue; // what would be posted after the end is not posted yet
            }
            return change(change.component(), change.status(), change.time(), change.incidentId());
        }
    }

    private long gap(final long from) {
        if (Double.isInfinite(meanGapMs)) {
            return Long.MAX_VALUE;
        }
        return from + Math.max(1L, Math.round(-Math.log(1.0 - random.nextDouble()) * meanGapMs));
    }

    private void startEpisode(final long start) {
        episodes++;
        final int provider = random.nextInt(shape.providers());
        final int first = provider * shape.componentsPerProvider();
        final int size = Math.min(shape.componentsPerProvider(), shape.services() - first);
        final int wanted = Math.min(size, 1 + pick(random, COMPONENTS_PER_EPISODE_PERCENT));
        final int kind = random.nextInt(100);
        final boolean maintenance = kind >= 80;
        final ComponentStatus during = kind < 35
                ? ComponentStatus.DEGRADED_PERFORMANCE
                : kind < 65
                        ? ComponentStatus.PARTIAL_OUTAGE
                        : kind < 80 ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.UNDER_MAINTENANCE;
        final long duration =
                maintenance ? 30 * MINUTE + random.nextLong(210 * MINUTE) : logNormal(medianMinutes(during));
        final ComponentStatus step = !maintenance && random.nextInt(100) < 25 ? step(during) : null;
        final double stepAt = 0.2 + 0.4 * random.nextDouble();
        final String incidentId = (maintenance ? "maint-" : "inc-") + episodes;
        final int offset = random.nextInt(size);
        for (int i = 0; i < wanted; i++) {
            // consecutive components from a random one: which ones does not matter, only that they differ
            final int component = first + (offset + i) % size;
            final long from = start + (i == 0 ? 0 : random.nextLong(5 * MINUTE));
            if (busyUntil[component] >= from) {
                continue;
            }
            final long until = from + Math.max(2 * MINUTE, Math.round(duration * (0.9 + 0.2 * random.nextDouble())));
            pending.add(new Pending(from, sequence++, component, during, incidentId));
            if (step != null) {
                pending.add(new Pending(
                        from + Math.round((until - from) * stepAt), sequence++, component, step, incidentId));
            }
            pending.add(new Pending(until, sequence++, component, ComponentStatus.OPERATIONAL, incidentId));
            busyUntil[component] = until;
        }
    }

    /** Milliseconds, log-normal with the given median and a spread of e (1 in 6 above 2.7 times the median). */
    private long logNormal(final double medianMinutes) {
        return Math.min(12 * 60 * MINUTE, Math.round(medianMinutes * Math.exp(random.nextGaussian()) * MINUTE));
    }

    private static double medianMinutes(final ComponentStatus during) {
        return switch (during) {
            case DEGRADED_PERFORMANCE -> 45;
            case PARTIAL_OUTAGE -> 40;
            default -> 30;
        };
    }

    private ComponentStatus step(final ComponentStatus during) {
        return switch (during) {
            case DEGRADED_PERFORMANCE -> ComponentStatus.PARTIAL_OUTAGE;
            case PARTIAL_OUTAGE ->
                random.nextBoolean() ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.DEGRADED_PERFORMANCE;
            default -> ComponentStatus.PARTIAL_OUTAGE;
        };
    }

    private ComponentStatusChange change(
            final int component, final ComponentStatus to, final long time, final String incidentId) {
        final int provider = component / shape.componentsPerProvider();
        final int index = component % shape.componentsPerProvider();
        final ComponentStatus from = status[component];
        status[component] = to;
        final Instant at = Instant.ofEpochMilli(time);
        return ComponentStatusChange.newBuilder()
                .setProvider("provider-" + provider)
                .setComponentId(SyntheticUpdates.componentId(index))
                .setName(SyntheticUpdates.componentName(index))
                .setGroupName(null)
                .setOldStatus(from)
                .setNewStatus(to)
                .setEventTime(at)
                .setObservedTime(at.plusSeconds(30))
                .setSource(EventSource.SIMULATOR)
                .setIncidentId(incidentId)
                .setTimeZone(zones[provider])
                .setPartialOutageWeight(weights[provider])
                .build();
    }

    /** An index drawn with the given percentages (summing to 100). */
    private static int pick(final SplittableRandom random, final int[] percent) {
        int roll = random.nextInt(100);
        for (int i = 0; i < percent.length; i++) {
            roll -= percent[i];
            if (roll < 0) {
                return i;
            }
        }
        return percent.length - 1;
    }

    /** A change not posted yet; ties in time keep the order they were planned in. */
    private record Pending(long time, long sequence, int component, ComponentStatus status, String incidentId)
            implements Comparable<Pending> {

        @Override
        public int compareTo(final Pending other) {
            final int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
