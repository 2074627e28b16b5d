package dev.incidentmonitor.ingest.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.simulator.StudyDistributions.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that imitates public status pages, so the system can be run, tested and benchmarked without
 * internet: Atlassian Statuspage v2 pages and incident.io pages ({@code /proxy} JSON and the Statuspage-compatible
 * shim), many pages on one port.
 *
 * <p><b>URLs</b> (base URL of a page: {@code http://127.0.0.1:<port>/pages/<pageId>}, see {@link #baseUrl}):
 *
 * <ul>
 *   <li>Statuspage pages: {@code /api/v2/summary.json}, {@code /api/v2/components.json},
 *       {@code /api/v2/incidents.json}, {@code /api/v2/incidents/unresolved.json},
 *       {@code /api/v2/scheduled-maintenances.json};
 *   <li>incident.io pages: {@code /proxy/<any host>} ({@code {"summary": {...}}}), {@code /proxy/<any host>/incidents},
 *       and the shim {@code /api/v2/summary.json}, {@code /api/v2/components.json}, {@code /api/v2/incidents.json}
 *       (the shim's other endpoints 404, as on the real pages);
 *   <li>test hooks: {@code POST /pages/<id>/_advance} (replay pages) and
 *       {@code POST /pages/<id>/_misbehave?kind=server-error|page-inactive|timeout|invalid-json|html&count=N};
 *   <li>{@code GET /pages}: the list of pages. Anything else: 404 with a JSON error.
 * </ul>
 *
 * <p><b>HTTP.</b> Bodies are {@code application/json}, rendered only when a page's state changes, and carry a strong
 * {@code ETag} (content hash) and {@code Last-Modified}; {@code If-None-Match} (or, without it,
 * {@code If-Modified-Since}) answers 304. In generate mode {@code Last-Modified} is the simulated time of the
 * page's latest event. The server binds 127.0.0.1 only and answers from a small fixed thread pool.
 *
 * <p><b>Time.</b> Pages follow a {@link SimulatedClock} that runs {@link SimulatorConfig#timeScale()} times real
 * time from {@link SimulatorConfig#simulatedStart()}; tests pin and move it ({@link #clock()}).
 *
 * <pre>{@code
 * try (StatusPageSimulator sim = StatusPageSimulator.start(SimulatorConfig.generate(20, 42))) {
 *     Files.writeString(catalogue, sim.providersYaml());    // hand to the ingest-service
 *     URI page = sim.baseUrl("p-1");                         // http://127.0.0.1:<port>/pages/p-1
 *     sim.misbehave("p-2", Misbehaviour.PAGE_INACTIVE, 3);  // next 3 requests to p-2 answer 401
 * }
 * }</pre>
 */
public final class StatusPageSimulator implements AutoCloseable {
    /** How long a {@link Misbehaviour#TIMEOUT} holds a connection before dropping it. */
    static final Duration TIMEOUT_HOLD = Duration.ofSeconds(30);

    private static final String HOST = "127.0.0.1";

    /**
     * The JDK server writes the headers and the body of a response in two writes; with Nagle's algorithm on, the
     * body then waits for the client's delayed ACK (about 40 ms a request on Linux). The property is read once,
     * when the JDK server's configuration class loads, so it is set before the first server is created (unless
     * the JVM was started with a value).
     */
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final SimulatorHttpHandler handler;
    private final SimulatedClock clock;
    private final Instant simulatedStart;
    private final Map<String, SimPage> pages;
    private final String origin;

    private StatusPageSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.simulatedStart = config.simulatedStart() != null
                ? config.simulatedStart()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Scenario.PageSpec> scenario = null;
        if (config.mode() == SimulatorMode.REPLAY) {
            // Read before binding, so a bad scenario fails without a port having been taken.
            scenario = config.scenarioDir() == null ? Scenario.builtIn() : Scenario.load(config.scenarioDir());
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), config.port()), 512);
        this.origin = "http://" + HOST + ":" + server.getAddress().getPort();
        this.clock = new SimulatedClock(Clock.systemUTC(), config.timeScale(), simulatedStart);

        Map<String, SimPage> byId = new LinkedHashMap<>();
        if (scenario != null) {
            for (Scenario.PageSpec spec : scenario) {
                byId.put(spec.id(), spec.toPage(simulatedStart));
            }
        } else {
            Random master = new Random(config.seed());
            for (int i = 1; i <= config.pages(); i++) {
                String id = "p-" + i;
                Platform platform = master.nextDouble() < config.platformMix().incidentIoShare()
                        ? Platform.INCIDENTIO
                        : Platform.STATUSPAGE;
                Profile profile = StudyDistributions.PROFILES.get(master.nextInt(StudyDistributions.PROFILES.size()));
                long seed = master.nextLong();
                byId.put(id, new GeneratedPage(id, platform, profile, seed, simulatedStart, publicUrl(id)));
            }
        }
        this.pages = Collections.unmodifiableMap(byId);

        this.workers = Executors.newFixedThreadPool(config.threads(), daemonThreads("status-page-simulator-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("status-page-simulator-timeout-"));
        this.handler = new SimulatorHttpHandler(pages, clock, timer, TIMEOUT_HOLD, origin);
        server.createContext("/", handler);
        server.setExecutor(workers);
        server.start();
    }

    /**
     * Starts a simulator.
     *
     * @throws IOException when the port cannot be bound
     * @throws IllegalArgumentException when the replay scenario is invalid (every problem listed)
     */
    public static StatusPageSimulator start(SimulatorConfig config) throws IOException {
        return new StatusPageSimulator(Objects.requireNonNull(config, "config"));
    }

    /** The configuration it was started with. */
    public SimulatorConfig config() {
        return config;
    }

    /** The port it listens on (on 127.0.0.1). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI origin() {
        return URI.create(origin);
    }

    /**
     * A page's base URL, {@code http://127.0.0.1:<port>/pages/<pageId>}: the {@code base-url} of a catalogue entry,
     * to which the poller appends {@code /api/v2/summary.json} or {@code /proxy/<host>}.
     *
     * @throws IllegalArgumentException for an unknown page
     */
    public URI baseUrl(String pageId) {
        page(pageId);
        return URI.create(origin + "/pages/" + pageId);
    }

    /** The page ids, in order ({@code p-1} .. {@code p-N}, or scenario order). */
    public List<String> pageIds() {
        return List.copyOf(pages.keySet());
    }

    /** The pages, in order. */
    public List<SimulatedPage> pages() {
        List<SimulatedPage> out = new ArrayList<>(pages.size());
        pages.values().forEach(p -> out.add(p.describe()));
        return out;
    }

    /** The simulated clock every page follows; pin and move it in tests and benchmarks. */
    public SimulatedClock clock() {
        return clock;
    }

    /** The simulated time at start (generate mode: incident history begins 30 simulated days before it). */
    public Instant simulatedStart() {
        return simulatedStart;
    }

    /**
     * Moves a replay page to its next step now, as {@code POST /pages/<id>/_advance} does.
     *
     * @return false when the page was at its last step (and does not loop)
     * @throws IllegalArgumentException for an unknown or generated page
     */
    public boolean advance(String pageId) {
        return replayPage(pageId).advance(clock.now());
    }

    /** The current step index (0-based) of a replay page. */
    public int stepIndex(String pageId) {
        return replayPage(pageId).stepIndex(clock.now());
    }

    /** The current step name of a replay page. */
    public String stepName(String pageId) {
        return replayPage(pageId).stepName(clock.now());
    }

    /**
     * Makes the next {@code count} requests to any endpoint of a page fail as {@code kind} (0 stops it). Failed
     * requests do not count towards a replay step's {@code after-requests}.
     */
    public void misbehave(String pageId, Misbehaviour kind, int count) {
        page(pageId).misbehave(kind, count);
    }

    /** {@link #providersYaml(Duration)} at the catalogue's minimum poll interval. */
    public String providersYaml() {
        return providersYaml(Provider.MIN_POLL_INTERVAL);
    }

    /**
     * A provider catalogue ({@code providers.yaml}) with one enabled provider per page, id {@code sim-<pageId>},
     * pointing at this simulator; valid while it runs. incident.io pages get partial-outage weight 1.0, as in the
     * shipped catalogue.
     *
     * @param pollInterval poll interval of every provider (at least {@link Provider#MIN_POLL_INTERVAL})
     */
    public String providersYaml(Duration pollInterval) {
        if (pollInterval.compareTo(Provider.MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException("poll interval must be at least " + Provider.MIN_POLL_INTERVAL);
        }
        String interval = pollInterval.getNano() == 0 ? pollInterval.toSeconds() + "s" : pollInterval.toString();
        StringBuilder out = new StringBuilder();
        out.append("# Generated by the incident-monitor status-page simulator (")
                .append(
                        config.mode() == SimulatorMode.GENERATE
                                ? "generate mode, seed " + config.seed() + ", " + pages.size() + " pages"
                                : "replay mode")
                .append(", time scale ")
                .append(config.timeScale())
                .append(").\n# Valid while it runs at ")
                .append(origin)
                .append(".\n\ndefaults:\n  poll-interval: ")
                .append(interval)
                .append("\n  partial-outage-weight: ")
                .append(Provider.DEFAULT_PARTIAL_OUTAGE_WEIGHT)
                .append("\n\nproviders:\n");
        for (SimPage page : pages.values()) {
            out.append("  - id: sim-").append(page.id()).append('\n');
            out.append("    name: ").append(quote(page.name())).append('\n');
            out.append("    platform: ").append(page.platform().configName()).append('\n');
            out.append("    base-url: ")
                    .append(origin)
                    .append("/pages/")
                    .append(page.id())
                    .append('\n');
            if (page.platform() == Platform.INCIDENTIO) {
                out.append("    partial-outage-weight: 1.0\n");
            }
        }
        return out.toString();
    }

    /** Stops the server, drops held connections and ends its threads. */
    @Override
    public void close() {
        server.stop(0);
        handler.closeHeld();
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private SimPage page(String pageId) {
        SimPage page = pages.get(pageId);
        if (page == null) {
            throw new IllegalArgumentException("unknown page '" + pageId + "'");
        }
        return page;
    }

    private ReplayPage replayPage(String pageId) {
        if (page(pageId) instanceof ReplayPage replay) {
            return replay;
        }
        throw new IllegalArgumentException("page '" + pageId + "' is generated; only replay pages have steps");
    }

    /**
     * The human-facing URL a generated page states ({@code page.url}, incident links). Deliberately not the
     * simulator's address: bodies must not depend on the port, or two runs with the same seed would differ.
     * {@code .invalid} is reserved (RFC 2606), so the link can never reach a real site.
     */
    static String publicUrl(String pageId) {
        return "https://" + pageId + ".status-simulator.invalid";
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return r -> {
            Thread t = new Thread(r, prefix + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
