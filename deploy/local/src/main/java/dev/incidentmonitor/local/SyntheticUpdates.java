package dev.incidentmonitor.local;

import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Synthetic incident updates for {@code bench streams}, generated one at a time so that a million of them never sit
 * in memory together.
 *
 * <p>The mix is meant to look like many status pages over a year: {@code providers} pages of
 * {@code componentsPerProvider} components each; every incident names 1 to 4 of its provider's components and has 2
 * to 8 updates that follow the stage sequence (investigating, identified, monitoring, resolved, sometimes a
 * postmortem days later) with occasional {@code update} keep-alives; about 5% are scheduled maintenances. Incidents
 * start at random (Poisson) times spread evenly over {@code span} up to {@code end}, and several run at once, so the
 * stream interleaves incidents and is in event-time order overall; each incident's own updates are strictly
 * increasing in display time. No display time is later than {@code end} (a broker refuses records from the future):
 * what an incident would post later is not posted, so the last incidents stay open, as on a real page. Should the
 * span run out before {@code updates} are emitted, starts wrap around to its beginning.
 *
 * <p>Only the incidents still running are held (a priority queue of cursors ordered by their next update), a few
 * hundred at most. The same seed gives the same stream.
 */
final class SyntheticUpdates implements Iterator<IncidentUpdate> {

    private static final String[] COMPONENT_IDS = {
        "api", "chat", "console", "playground", "embeddings", "fine-tuning", "files", "batch"
    };
    private static final String[] COMPONENT_NAMES = {
        "API", "Chat", "Console", "Playground", "Embeddings", "Fine-tuning", "Files", "Batch"
    };
    private static final String[] PROBLEMS = {
        "Elevated error rates", "Increased latency", "Degraded performance", "Partial outage", "Login failures"
    };
    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;
    private static final int MAX_COMPONENTS = 4;
    private static final int MIN_UPDATES = 2;
    private static final int MAX_UPDATES = 8;

    /**
     * What to generate.
     *
     * @param updates how many updates in all (the last incidents may be cut short, and stay open)
     * @param providers how many status pages
     * @param componentsPerProvider components on each page
     * @param end the latest display time
     * @param span how far before {@code end} the first incident starts
     * @param openOnly only one {@code investigating} update per incident, so every incident stays open
     * @param seed the random seed
     * @param prefix prefix of incident ids, so two streams in one broker never share an incident
     */
    record Shape(
            long updates,
            int providers,
            int componentsPerProvider,
            Instant end,
            Duration span,
            boolean openOnly,
            long seed,
            String prefix) {

        Shape {
            if (updates < 0) {
                throw new IllegalArgumentException("updates must not be negative, was " + updates);
            }
            if (providers < 1 || componentsPerProvider < 1) {
                throw new IllegalArgumentException("at least one provider with one component is needed");
            }
            if (span.isNegative() || span.isZero()) {
                throw new IllegalArgumentException("span must be positive, was " + span);
            }
        }
    }

    private final Shape shape;
    private final SplittableRandom random;
    private final PriorityQueue<Cursor> running = new PriorityQueue<>();
    private final double meanGapMs;
    private final long endMs;
    private final long firstStart;
    private final MessageDigest sha256;
    private long emitted;
    private long incidents;
    private long nextStart;

    SyntheticUpdates(final Shape shape) {
        this.shape = shape;
        this.random = new SplittableRandom(shape.seed());
        final double perIncident = shape.openOnly() ? 1.0 : meanUpdatesPerIncident(shape.seed());
        final double expectedIncidents = Math.max(1.0, shape.updates() / perIncident);
        // incidents start early enough that most finish, postmortem included, by the end
        final long margin = Math.min(6 * DAY, shape.span().toMillis() / 10);
        this.endMs = shape.end().toEpochMilli();
        this.firstStart = endMs - shape.span().toMillis();
        this.meanGapMs = (shape.span().toMillis() - margin) / expectedIncidents;
        this.nextStart = firstStart;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The record key of an update: {@code <provider>:<incident_id>}, as the ingest-service writes it. */
    static String key(final IncidentUpdate update) {
        return update.getProvider() + ":" + update.getIncidentId();
    }

    /** How many incidents were started so far. */
    long incidents() {
        return incidents;
    }

    @Override
    public boolean hasNext() {
        return emitted < shape.updates();
    }

    @Override
    public IncidentUpdate next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        while (true) {
            while (running.isEmpty() || nextStart <= running.peek().nextTime()) {
                running.add(newIncident(nextStart));
                nextStart += Math.max(1L, Math.round(-Math.log(1.0 - random.nextDouble()) * meanGapMs));
                if (nextStart > endMs) {
                    // more updates asked for than the span holds: start again at its beginning
                    nextStart = firstStart + (nextStart - endMs);
                }
            }
            final Cursor cursor = running.poll();
            if (cursor.nextTime() > endMs) {
                continue; // what would be posted after the end is not posted yet: the incident stays as it is
            }
            final IncidentUpdate update = cursor.emit();
            if (cursor.hasMore()) {
                running.add(cursor);
            }
            emitted++;
            return update;
        }
    }

    private Cursor newIncident(final long start) {
        incidents++;
        final int provider = random.nextInt(shape.providers());
        final int componentCount = 1 + random.nextInt(Math.min(MAX_COMPONENTS, shape.componentsPerProvider()));
        final List<Integer> all = new ArrayList<>(shape.componentsPerProvider());
        for (int i = 0; i < shape.componentsPerProvider(); i++) {
            all.add(i);
        }
        Collections.shuffle(all, new java.util.Random(random.nextLong()));
        final List<ServiceRef> components = new ArrayList<>(componentCount);
        for (final int c : all.subList(0, componentCount)) {
            components.add(new ServiceRef(componentId(c), componentName(c)));
        }
        final boolean maintenance = !shape.openOnly() && random.nextInt(100) < 5;
        final List<IncidentStatus> statuses =
                shape.openOnly() ? List.of(IncidentStatus.INVESTIGATING) : plan(random, maintenance);
        final long[] times = new long[statuses.size()];
        long time = start;
        for (int i = 0; i < times.length; i++) {
            if (i > 0) {
                time += statuses.get(i) == IncidentStatus.POSTMORTEM
                        ? DAY + random.nextLong(4 * DAY)
                        : MINUTE + Math.round(-Math.log(1.0 - random.nextDouble()) * 25 * MINUTE);
            }
            times[i] = time;
        }
        final Impact impact = maintenance ? Impact.MAINTENANCE : impact(random.nextInt(100));
        final String title = maintenance
                ? "Scheduled maintenance of " + components.get(0).getName()
                : PROBLEMS[random.nextInt(PROBLEMS.length)] + " on "
                        + components.get(0).getName();
        return new Cursor(
                "provider-" + provider,
                shape.prefix() + "-" + incidents,
                title,
                impact,
                components,
                statuses,
                times,
                random.nextInt(100) < 30 ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.PARTIAL_OUTAGE);
    }

    /**
     * The statuses of one incident: its stages in order, optional ones left out at random, and a few keep-alives in
     * between; at least {@value #MIN_UPDATES}, at most {@value #MAX_UPDATES}.
     */
    static List<IncidentStatus> plan(final SplittableRandom random, final boolean maintenance) {
        final List<IncidentStatus> stages = new ArrayList<>();
        if (maintenance) {
            stages.add(random.nextBoolean() ? IncidentStatus.SCHEDULED : IncidentStatus.IN_PROGRESS);
            if (stages.get(0) == IncidentStatus.SCHEDULED) {
                stages.add(IncidentStatus.IN_PROGRESS);
            }
            if (random.nextInt(100) < 30) {
                stages.add(IncidentStatus.VERIFYING);
            }
            stages.add(IncidentStatus.COMPLETED);
        } else {
            final int first = random.nextInt(100);
            final IncidentStatus start = first < 85
                    ? IncidentStatus.INVESTIGATING
                    : first < 93 ? IncidentStatus.IDENTIFIED : IncidentStatus.MONITORING;
            stages.add(start);
            if (start == IncidentStatus.INVESTIGATING && random.nextInt(100) < 60) {
                stages.add(IncidentStatus.IDENTIFIED);
            }
            if (start != IncidentStatus.MONITORING && random.nextInt(100) < 70) {
                stages.add(IncidentStatus.MONITORING);
            }
            stages.add(IncidentStatus.RESOLVED);
            if (random.nextInt(100) < 10) {
                stages.add(IncidentStatus.POSTMORTEM);
            }
        }
        int keepAlives = 0;
        while (random.nextInt(100) < 40) {
            keepAlives++;
        }
        keepAlives = Math.min(keepAlives, MAX_UPDATES - stages.size());
        final int closing = stages.lastIndexOf(maintenance ? IncidentStatus.COMPLETED : IncidentStatus.RESOLVED);
        for (int i = 0; i < keepAlives; i++) {
            // a keep-alive goes between the first stage and the resolution, never before the first or after the end
            stages.add(1 + random.nextInt(closing + i), IncidentStatus.UPDATE);
        }
        return List.copyOf(stages);
    }

    private static double meanUpdatesPerIncident(final long seed) {
        final SplittableRandom sample = new SplittableRandom(seed ^ 0x5DEECE66DL);
        final int incidents = 10_000;
        long updates = 0;
        for (int i = 0; i < incidents; i++) {
            updates += plan(sample, sample.nextInt(100) < 5).size();
        }
        return updates / (double) incidents;
    }

    private static Impact impact(final int roll) {
        if (roll < 10) {
            return Impact.NONE;
        }
        if (roll < 62) {
            return Impact.MINOR;
        }
        return roll < 95 ? Impact.MAJOR : Impact.CRITICAL;
    }

    /** The id of a provider's {@code index}-th component, e.g. {@code api}, then {@code api-1} after the eighth. */
    static String componentId(final int index) {
        return index < COMPONENT_IDS.length
                ? COMPONENT_IDS[index]
                : COMPONENT_IDS[index % COMPONENT_IDS.length] + "-" + index / COMPONENT_IDS.length;
    }

    /** The display name of a provider's {@code index}-th component, e.g. {@code API}, then {@code API 2}. */
    static String componentName(final int index) {
        return index < COMPONENT_NAMES.length
                ? COMPONENT_NAMES[index]
                : COMPONENT_NAMES[index % COMPONENT_NAMES.length] + " " + (index / COMPONENT_NAMES.length + 1);
    }

    private String body(final IncidentStatus status, final String component) {
        return switch (status) {
            case INVESTIGATING ->
                "We are currently investigating elevated error rates affecting " + component
                        + ". Some requests may fail or time out. We will provide an update as soon as we know more.";
            case IDENTIFIED -> "The issue has been identified and a fix is being implemented for " + component + ".";
            case MONITORING -> "A fix has been implemented and we are monitoring the results.";
            case RESOLVED -> "This incident has been resolved. " + component + " is operating normally.";
            case POSTMORTEM ->
                "We have published a post-incident review describing the root cause, the timeline"
                        + " and the changes we are making to prevent a recurrence.";
            case UPDATE -> "We are continuing to work on a fix for this issue.";
            case SCHEDULED -> "Scheduled maintenance of " + component + " will take place in the window below.";
            case IN_PROGRESS -> "Scheduled maintenance is currently in progress.";
            case VERIFYING -> "Verification is currently underway for the maintenance items.";
            case COMPLETED -> "The scheduled maintenance has been completed.";
            default -> "";
        };
    }

    private String hash(final String updateId, final IncidentStatus status, final long time) {
        final byte[] digest = sha256.digest((updateId + '|' + status + '|' + time).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** One running incident: what it will post, and how far it got. */
    private final class Cursor implements Comparable<Cursor> {

        private final String provider;
        private final String incidentId;
        private final String title;
        private final Impact impact;
        private final List<ServiceRef> components;
        private final List<IncidentStatus> statuses;
        private final long[] times;
        private final ComponentStatus outage;
        private int next;

        Cursor(
                final String provider,
                final String incidentId,
                final String title,
                final Impact impact,
                final List<ServiceRef> components,
                final List<IncidentStatus> statuses,
                final long[] times,
                final ComponentStatus outage) {
            this.provider = provider;
            this.incidentId = incidentId;
            this.title = title;
            this.impact = impact;
            this.components = components;
            this.statuses = statuses;
            this.times = times;
            this.outage = outage;
        }

        long nextTime() {
            return times[next];
        }

        boolean hasMore() {
            return next < times.length;
        }

        IncidentUpdate emit() {
            final IncidentStatus status = statuses.get(next);
            final long time = times[next];
            final String updateId = incidentId + "-u" + next;
            next++;
            final Instant at = Instant.ofEpochMilli(time);
            return IncidentUpdate.newBuilder()
                    .setProvider(provider)
                    .setPageId(provider + "-page")
                    .setIncidentId(incidentId)
                    .setUpdateId(updateId)
                    .setStatus(status)
                    .setImpact(impact)
                    .setIncidentTitle(title)
                    .setBody(body(status, components.get(0).getName()))
                    .setDisplayTime(at)
                    .setCreatedTime(at)
                    .setObservedTime(at.plusSeconds(30))
                    .setAffectedComponents(affected(status))
                    .setIncidentComponents(components)
                    .setSource(EventSource.SIMULATOR)
                    .setContentHash(hash(updateId, status, time))
                    .build();
        }

        private List<AffectedComponent> affected(final IncidentStatus status) {
            if (status == IncidentStatus.UPDATE || status == IncidentStatus.POSTMORTEM) {
                return List.of();
            }
            final boolean closing = status == IncidentStatus.RESOLVED || status == IncidentStatus.COMPLETED;
            final boolean opening = next == 1;
            final List<AffectedComponent> affected = new ArrayList<>(components.size());
            for (final ServiceRef c : components) {
                final ComponentStatus during =
                        impact == Impact.MAINTENANCE ? ComponentStatus.UNDER_MAINTENANCE : outage;
                affected.add(new AffectedComponent(
                        c.getComponentId(),
                        c.getName(),
                        opening ? ComponentStatus.OPERATIONAL : during,
                        closing ? ComponentStatus.OPERATIONAL : during));
            }
            return affected;
        }

        @Override
        public int compareTo(final Cursor other) {
            return Long.compare(nextTime(), other.nextTime());
        }
    }
}
