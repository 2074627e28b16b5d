package dev.incidentmonitor.local;

import dev.incidentmonitor.embedded.EmbeddedKafka;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.ingest.app.IngestService;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.ingest.poll.PollMetrics;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.ingest.simulator.StatusPageSimulator;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor bench ingest}: how many pages one ingest instance polls at a 30 s interval on this
 * machine, against the simulator, with an embedded broker and registry in the same JVM.
 *
 * <p>CPU is attributed per thread (by thread name) so the ingest-service's own share is reported apart from the
 * broker's and the simulator's, which share the JVM only because this is a one-command benchmark.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Polls simulated pages at a fixed interval and reports throughput, CPU, heap and latency.")
final class IngestBench implements Callable<Integer> {

    /** The latency percentiles' window is the measured duration, rotated in this many slices. */
    private static final int WINDOW_SLICES = 12;

    @Spec
    private CommandSpec spec;

    @Option(names = "--pages", defaultValue = "5000", description = "Simulated pages (default: ${DEFAULT-VALUE}).")
    private int pages;

    @Option(
            names = "--interval",
            defaultValue = "30",
            description = "Poll interval in seconds (default: ${DEFAULT-VALUE}).")
    private int intervalSeconds;

    @Option(
            names = "--duration",
            defaultValue = "120",
            description = "Measured seconds after the warm-up round (default: ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(
            names = "--time-scale",
            defaultValue = "60",
            description = "Simulated seconds per real second; decides how many polls see a change"
                    + " (default: ${DEFAULT-VALUE}).")
    private double timeScale;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Path dir = Files.createTempDirectory("incident-monitor-bench-");
        out.printf(
                "bench ingest: %,d pages at %d s, %d s measured after a %d s warm-up round%n",
                pages, intervalSeconds, durationSeconds, intervalSeconds + 15);
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                        .dataDir(dir.resolve("kafka"))
                        .port(0)
                        .start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                        EmbeddedSchemaRegistry.defaultHome(), EmbeddedKafka.HOST, 0, dir.resolve("registry.log"));
                StatusPageSimulator simulator = StatusPageSimulator.start(SimulatorConfig.generate(pages, 7L)
                        .withPort(0)
                        .withTimeScale(timeScale)
                        .withThreads(2))) {
            final ProviderCatalog catalog =
                    ProviderCatalog.parse(simulator.providersYaml(Duration.ofSeconds(intervalSeconds)), "bench");
            final SimpleMeterRegistry meters = new SimpleMeterRegistry();
            // Percentiles over the measured window only: Micrometer's default keeps them for two minutes, which let
            // the first round's backlog into a shorter window or one that began before the backlog was published.
            meters.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(
                        final Meter.Id id, final DistributionStatisticConfig config) {
                    return DistributionStatisticConfig.builder()
                            .expiry(Duration.ofSeconds(durationSeconds))
                            .bufferLength(WINDOW_SLICES)
                            .build()
                            .merge(config);
                }
            });
            final Map<String, Object> config = new HashMap<>();
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.ccompatUrl());
            try (IngestService ingest = IngestService.start(
                    new IngestService.Settings(
                            catalog, config, IngestTopics.DEFAULTS, "bench-ingest", "bench", EventSource.SIMULATOR),
                    meters)) {
                TimeUnit.SECONDS.sleep(intervalSeconds + 15L); // first round: every page is new
                if (!ingest.isReady()) {
                    throw new IllegalStateException("the ingest-service did not become ready during the warm-up");
                }
                awaitFirstRound(meters, out);
                final Sample before = Sample.take(meters);
                TimeUnit.SECONDS.sleep(durationSeconds);
                final Sample after = Sample.take(meters);
                report(out, before, after, meters);
            }
        }
        return 0;
    }

    /**
     * Waits until every changed snapshot polled so far has been handed over: in the first round every page is new,
     * and its events take a while to publish; snapshots queued behind them are not what the steady state sees.
     */
    private static void awaitFirstRound(final SimpleMeterRegistry meters, final PrintWriter out)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            final Timer handovers = handoverTimer(meters);
            final double changed = meters.find(PollMetrics.POLLS).tag("outcome", "changed").counters().stream()
                    .mapToDouble(Counter::count)
                    .sum();
            if (handovers != null && handovers.count() >= changed) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        out.println("warning: changed snapshots were still queued 5 minutes after the warm-up; measuring anyway");
    }

    /** The ingest-service's timer of snapshot handovers (poll to committed events); null before it starts. */
    private static Timer handoverTimer(final SimpleMeterRegistry meters) {
        return meters.find("incident_monitor_poll_to_publish").timer();
    }

    private void report(
            final PrintWriter out, final Sample before, final Sample after, final SimpleMeterRegistry meters) {
        final double seconds = (after.nanos - before.nanos) / 1e9;
        final Map<String, Double> outcomes = new TreeMap<>();
        after.polls.forEach((k, v) -> outcomes.put(k, v - before.polls.getOrDefault(k, 0.0)));
        final double polls =
                outcomes.values().stream().mapToDouble(Double::doubleValue).sum();
        out.println();
        out.printf(
                "polls          %,.0f in %.0f s = %.1f polls/s (needed for %,d pages at %d s: %.1f/s)%n",
                polls, seconds, polls / seconds, pages, intervalSeconds, pages / (double) intervalSeconds);
        outcomes.forEach((k, v) -> out.printf("  %-12s %,.0f (%.1f%%)%n", k, v, 100 * v / Math.max(1, polls)));
        out.printf("events         %,.0f published in the window%n", after.events - before.events);
        for (final String group : new String[] {"ingest", "simulator", "broker+other"}) {
            final double cpu = (after.cpuNanos.getOrDefault(group, 0L) - before.cpuNanos.getOrDefault(group, 0L)) / 1e9;
            out.printf("cpu %-12s %.1f%% of one core%n", group, 100 * cpu / seconds);
        }
        final double processCpu = (after.processCpuNanos - before.processCpuNanos) / 1e9;
        out.printf("cpu process      %.1f%% of one core (2 cores = 200%%)%n", 100 * processCpu / seconds);
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        out.printf(
                "heap used after GC  %,d MiB (whole JVM: ingest, broker, simulator)%n",
                memory.getHeapMemoryUsage().getUsed() >> 20);
        final Timer latency = handoverTimer(meters);
        if (latency != null) {
            for (final ValueAtPercentile p : latency.takeSnapshot().percentileValues()) {
                out.printf(
                        "poll-to-publish p%.0f  %.1f ms (handover of a changed page's snapshot to committed events)%n",
                        p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
            }
            // Percentiles only: Micrometer keeps a timer's maximum for the expiry times the buffer length (here
            // twelve windows), so it would reach back into the warm-up round.
            final long handovers = after.handovers - before.handovers;
            out.printf(
                    "poll-to-publish over %,d snapshots handed over in the window (p99 leaves about %d of them above"
                            + " it)%n",
                    handovers, Math.max(1, handovers / 100));
        }
        final Timer fetch = meters.find(PollMetrics.POLL_DURATION).timer();
        if (fetch != null) {
            out.printf(
                    "poll duration  mean %.1f ms, max %.1f ms (HTTP fetch and parse)%n",
                    fetch.mean(TimeUnit.MILLISECONDS), fetch.max(TimeUnit.MILLISECONDS));
        }
        out.flush();
    }

    /** Counters and per-thread CPU at one moment. */
    private record Sample(
            long nanos,
            Map<String, Double> polls,
            double events,
            long handovers,
            Map<String, Long> cpuNanos,
            long processCpuNanos) {

        static Sample take(final SimpleMeterRegistry meters) {
            final Map<String, Double> polls = new HashMap<>();
            for (final Counter counter : meters.find(PollMetrics.POLLS).counters()) {
                polls.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
            }
            double events = 0;
            for (final Counter counter :
                    meters.find("incident_monitor_events_published").counters()) {
                events += counter.count();
            }
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final Map<String, Long> cpu = new HashMap<>();
            for (final var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                final long time = threads.getThreadCpuTime(info.getThreadId());
                if (time > 0) {
                    cpu.merge(group(info.getThreadName()), time, Long::sum);
                }
            }
            final long process = ((com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            final Timer handovers = handoverTimer(meters);
            return new Sample(
                    System.nanoTime(), polls, events, handovers == null ? 0 : handovers.count(), cpu, process);
        }

        private static String group(final String thread) {
            if (thread.startsWith("incident-monitor-http-")
                    || thread.startsWith("incident-monitor-poll-")
                    || thread.startsWith("HttpClient-")
                    || thread.equals("ingest-loop")
                    || thread.contains("incident-monitor-ingest-bench")
                    || thread.contains("| bench-ingest")) {
                return "ingest";
            }
            if (thread.startsWith("status-page-simulator-") || thread.equals("HTTP-Dispatcher")) {
                return "simulator";
            }
            return "broker+other";
        }
    }
}
