package dev.incidentmonitor.ingest.simulator;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.simulator.SimIncident.Change;
import dev.incidentmonitor.ingest.simulator.SimIncident.Kind;
import dev.incidentmonitor.ingest.simulator.SimIncident.PlannedUpdate;
import dev.incidentmonitor.ingest.simulator.StudyDistributions.Combination;
import dev.incidentmonitor.ingest.simulator.StudyDistributions.Profile;
import dev.incidentmonitor.ingest.simulator.StudyDistributions.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A page whose incidents follow a studied provider's process ({@link StudyDistributions.Profile}).
 *
 * <p><b>Reproducibility.</b> Each incident is planned whole (start, status combination, stage times, impact,
 * components, ids) when the previous one is published, from the page's own seeded {@link Random}; maintenances
 * come from a second one. Plans are published in time order as the simulated clock passes their update times,
 * so the bodies at a simulated time depend only on the seed, the start and that time, not on when or how often
 * the page was asked.
 *
 * <p><b>Cost.</b> Nothing runs between requests. A request first publishes every planned update whose time has
 * passed (usually none: the head of a priority queue is compared with now), then serves the cached body if the
 * state did not change.
 *
 * <p><b>History.</b> The process starts {@link #HISTORY} before the simulated start, so a page has past incidents
 * on its first poll. A page keeps its {@value #KEEP} newest incidents and maintenances.
 */
final class GeneratedPage extends SimPage {
    /** How far before the simulated start the incident process begins. */
    static final Duration HISTORY = Duration.ofDays(30);

    private static final int KEEP = 60;

    private static final List<String> COMPONENT_NAMES = List.of(
            "API",
            "Chat",
            "Playground",
            "Console",
            "Login",
            "Files",
            "Fine-tuning",
            "Embeddings",
            "Batch API",
            "Realtime API",
            "Image generation",
            "Voice mode",
            "Agents",
            "Search",
            "Code assistant",
            "Mobile apps");

    private static final List<String> TITLES = List.of(
            "Elevated error rates on %s",
            "Increased latency for %s",
            "%s unavailable for some users",
            "Degraded performance of %s",
            "Elevated errors for requests to %s");

    private static final Map<Stage, String> BODIES = Map.of(
            Stage.INVESTIGATING, "We are currently investigating this issue.",
            Stage.IDENTIFIED, "The issue has been identified and a fix is being implemented.",
            Stage.MONITORING, "A fix has been implemented and we are monitoring the results.",
            Stage.RESOLVED, "This incident has been resolved.",
            Stage.POSTMORTEM, "A postmortem of this incident has been published.");

    private static final String[] IMPACTS = {"none", "minor", "major", "critical"};

    /** Component level an incident of each impact sets while open (Statuspage's own impact mapping, inverted). */
    private static final Level[] IMPACT_LEVELS = {
        Level.OPERATIONAL, Level.DEGRADED_PERFORMANCE, Level.PARTIAL_OUTAGE, Level.MAJOR_OUTAGE
    };

    /** A planned update due at {@code at}; {@code seq} keeps equal times in planning order. */
    private record Event(Instant at, long seq, SimIncident incident, int index) {}

    private static final Comparator<Event> EVENT_ORDER =
            Comparator.comparing(Event::at).thenComparingLong(Event::seq);

    private final Profile profile;
    private final Random incidentRng;
    private final Random maintenanceRng;
    private final String pageCode;
    private final String url;
    private final Instant createdAt;
    private final List<PageRenderer.Component> components;
    private final Level[] status;
    private final Instant[] statusSince;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(EVENT_ORDER);
    private final List<SimIncident> incidents = new ArrayList<>();
    private final List<SimIncident> maintenances = new ArrayList<>();
    private final List<SimIncident> open = new ArrayList<>();
    private long seq;
    private long version;
    private Instant lastEventAt;

    /**
     * @param id URL id of the page
     * @param platform what it imitates
     * @param profile the studied provider it follows
     * @param seed the page's seed
     * @param simulatedStart the simulator's simulated start
     * @param url the page's public URL ({@code page.url}, incident links), not the simulator's address
     */
    GeneratedPage(String id, Platform platform, Profile profile, long seed, Instant simulatedStart, String url) {
        super(id, platform, "Simulated " + id + " (" + profile.name() + " profile)");
        this.profile = profile;
        this.url = url;
        Random pageRng = new Random(seed);
        this.incidentRng = new Random(pageRng.nextLong());
        this.maintenanceRng = new Random(pageRng.nextLong());
        Instant historyStart = simulatedStart.minus(HISTORY).truncatedTo(ChronoUnit.SECONDS);
        this.createdAt = historyStart.minus(Duration.ofDays(365));
        this.pageCode = platform == Platform.STATUSPAGE ? Ids.statuspage(pageRng) : Ids.ulid(createdAt, pageRng);

        int count = 3 + pageRng.nextInt(6);
        List<String> names = new ArrayList<>(COMPONENT_NAMES);
        Collections.shuffle(names, pageRng);
        List<PageRenderer.Component> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String componentId =
                    platform == Platform.STATUSPAGE ? Ids.statuspage(pageRng) : Ids.ulid(createdAt, pageRng);
            list.add(new PageRenderer.Component(componentId, names.get(i), i + 1));
        }
        this.components = List.copyOf(list);
        this.status = new Level[count];
        Arrays.fill(status, Level.OPERATIONAL);
        this.statusSince = new Instant[count];
        Arrays.fill(statusSince, createdAt);
        this.lastEventAt = createdAt;

        scheduleIncident(historyStart);
        scheduleMaintenance(historyStart);
    }

    @Override
    void catchUp(Instant now) {
        while (!queue.peek().at().isAfter(now)) {
            publish(queue.poll());
        }
    }

    @Override
    boolean keepsDateOfUnchangedBodies() {
        return false;
    }

    @Override
    long version() {
        return version;
    }

    @Override
    Instant changedAt(Instant now) {
        return lastEventAt;
    }

    @Override
    byte[] render(PageEndpoint endpoint) {
        return PageRenderer.render(endpoint, view());
    }

    @Override
    SimulatedPage describe() {
        return new SimulatedPage(
                id(),
                name(),
                platform(),
                profile,
                components.stream().map(PageRenderer.Component::id).toList());
    }

    private PageRenderer.View view() {
        List<Level> levels = List.of(status);
        return new PageRenderer.View(
                platform(),
                pageCode,
                name(),
                url,
                createdAt,
                lastEventAt,
                components,
                levels,
                List.of(statusSince),
                incidents,
                maintenances);
    }

    // ---------------------------------------------------------------- publishing

    private void publish(Event event) {
        SimIncident incident = event.incident();
        PlannedUpdate planned = incident.plan.get(event.index());
        Instant at = planned.at();
        if (event.index() == 0) {
            List<SimIncident> list = incident.maintenance() ? maintenances : incidents;
            list.add(incident);
            if (list.size() > KEEP && !list.get(0).open) {
                list.remove(0);
            }
            incident.open = true;
            open.add(incident);
            if (incident.maintenance()) {
                scheduleMaintenance(at);
            } else {
                scheduleIncident(at);
            }
        }
        List<Change> changes = null;
        if (planned.levels() != null) {
            changes = new ArrayList<>(planned.levels().size());
            for (Map.Entry<Integer, Level> e : planned.levels().entrySet()) {
                int c = e.getKey();
                Level before = status[c];
                incident.hold(c, e.getValue(), at);
                Level after = pageLevel(c);
                if (after != before) {
                    status[c] = after;
                    statusSince[c] = at;
                }
                changes.add(new Change(c, before, after, e.getValue()));
            }
        }
        if (planned.closes()) {
            incident.open = false;
            open.remove(incident);
        }
        incident.updates.add(new SimIncident.Update(planned.id(), at, planned.status(), planned.body(), changes));
        incident.status = planned.status();
        incident.updatedAt = at;
        if (incident.monitoringAt == null && planned.status().equals("monitoring")) {
            incident.monitoringAt = at;
        }
        if (incident.resolvedAt == null && planned.closes()) {
            incident.resolvedAt = at;
        }
        lastEventAt = at;
        version++;
    }

    /** A component's page status: the worst level any open incident or maintenance holds it at. */
    private Level pageLevel(int component) {
        Level worst = Level.OPERATIONAL;
        for (SimIncident i : open) {
            worst = Level.worst(worst, i.holds.getOrDefault(component, Level.OPERATIONAL));
        }
        return worst;
    }

    // ---------------------------------------------------------------- planning

    /** Plans the incident after the one that started at {@code after}; the draw order is fixed. */
    private void scheduleIncident(Instant after) {
        Random rng = incidentRng;
        Instant start = after.plus(profile.timeBetweenIncidents().sample(rng));
        Combination combination = profile.sampleCombination(rng);
        List<Stage> stages = combination.stages();
        Instant[] times = new Instant[stages.size()];
        times[0] = start;
        for (int i = 1; i < stages.size(); i++) {
            times[i] = times[i - 1].plus(
                    profile.transition(stages.get(i - 1), stages.get(i)).sample(rng));
        }
        int impact = profile.sampleImpact(rng);
        int affected = Math.min(profile.sampleAffectedCount(rng), components.size());
        List<Integer> named = choose(affected, rng);
        String subject = named.isEmpty()
                ? "multiple services"
                : components.get(named.get(0)).name();
        String title = String.format(TITLES.get(rng.nextInt(TITLES.size())), subject);
        String incidentId = newId(start, rng);

        Level openLevel = IMPACT_LEVELS[impact];
        List<PlannedUpdate> plan = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            String updateId = newId(times[i], rng);
            if (stage == Stage.POSTMORTEM && platform() == Platform.INCIDENTIO) {
                continue; // incident.io has no postmortem status (FORMAT.md §5)
            }
            Level level =
                    switch (stage) {
                        case INVESTIGATING, IDENTIFIED -> openLevel;
                        case MONITORING -> openLevel.recovering();
                        case RESOLVED, POSTMORTEM -> Level.OPERATIONAL;
                    };
            Map<Integer, Level> levels = stage == Stage.POSTMORTEM ? null : levels(named, level);
            plan.add(new PlannedUpdate(
                    updateId, times[i], stage.word(), BODIES.get(stage), levels, stage == Stage.RESOLVED));
        }
        SimIncident incident = new SimIncident(
                incidentId, Kind.INCIDENT, title, IMPACTS[impact], named, plan, null, null, rng.nextLong());
        enqueue(incident);
    }

    /**
     * Plans the maintenance after the one announced at {@code after}: announced a mean of
     * {@link StudyDistributions#MAINTENANCE_MEAN_GAP} later (exponential), scheduled 1 to 3 days ahead on the
     * hour, lasting 1 to 3 hours, on one component.
     */
    private void scheduleMaintenance(Instant after) {
        Random rng = maintenanceRng;
        double meanSeconds = StudyDistributions.MAINTENANCE_MEAN_GAP.toSeconds();
        long gap = Math.round(-Math.log(1 - rng.nextDouble()) * meanSeconds);
        Instant announced = after.plusSeconds(Math.max(1, gap));
        Instant from = announced
                .plus(Duration.ofHours(24).plusSeconds(rng.nextInt(48 * 3600)))
                .truncatedTo(ChronoUnit.HOURS);
        Instant until = from.plus(Duration.ofMinutes(60 + rng.nextInt(121)));
        List<Integer> named = List.of(rng.nextInt(components.size()));
        String id = newId(announced, rng);
        String title =
                "Scheduled maintenance of " + components.get(named.get(0)).name();
        List<PlannedUpdate> plan = new ArrayList<>(4);
        plan.add(new PlannedUpdate(
                newId(announced, rng),
                announced,
                "scheduled",
                "We will be performing scheduled maintenance. The service may be briefly unavailable.",
                levels(named, Level.OPERATIONAL),
                false));
        plan.add(new PlannedUpdate(
                newId(from, rng),
                from,
                "in_progress",
                "Scheduled maintenance is currently in progress.",
                levels(named, Level.UNDER_MAINTENANCE),
                false));
        Instant verifying = until.minus(Duration.ofMinutes(15));
        String verifyingId = newId(verifying, rng);
        if (platform() == Platform.STATUSPAGE) { // incident.io has no verifying status
            plan.add(new PlannedUpdate(
                    verifyingId,
                    verifying,
                    "verifying",
                    "Verification is currently underway for the maintenance items.",
                    null,
                    false));
        }
        plan.add(new PlannedUpdate(
                newId(until, rng),
                until,
                "completed",
                "The scheduled maintenance has been completed.",
                levels(named, Level.OPERATIONAL),
                true));
        enqueue(new SimIncident(id, Kind.MAINTENANCE, title, "maintenance", named, plan, from, until, rng.nextLong()));
    }

    private void enqueue(SimIncident incident) {
        for (int i = 0; i < incident.plan.size(); i++) {
            queue.add(new Event(incident.plan.get(i).at(), seq++, incident, i));
        }
    }

    private String newId(Instant at, Random rng) {
        return platform() == Platform.STATUSPAGE ? Ids.statuspage(rng) : Ids.ulid(at, rng);
    }

    /** {@code k} distinct component indices, drawn uniformly, in page order. */
    private List<Integer> choose(int k, Random rng) {
        int[] all = new int[components.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.stream(all, 0, k).sorted().boxed().toList();
    }

    private static Map<Integer, Level> levels(List<Integer> components, Level level) {
        Map<Integer, Level> out = new LinkedHashMap<>();
        components.forEach(c -> out.put(c, level));
        return out;
    }
}
