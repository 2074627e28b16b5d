package dev.incidentmonitor.local;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import dev.incidentmonitor.streams.topology.OutputTopics;
import dev.incidentmonitor.streams.topology.StreamsTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor bench availability}: how fast the availability part of the streams-app's topology
 * (component status changes → per-component timeline → outage minutes per local day → co-occurrence of outage days)
 * consumes a year of status changes of many services on this machine, against the minimal one-store aggregate
 * measured in the same run over the same topic, and how much state it keeps. Embedded broker and registry in the same
 * JVM, exactly-once on, as {@code bench streams}.
 *
 * <p>The whole {@link IncidentTopology} runs, with the real config, and its {@code incident-updates} topic empty: the
 * incident branch costs nothing without input, and the availability branch is measured as it is deployed. One
 * setting differs, and the first lines say so: the wall-clock punctuation interval ({@code
 * app.reliability.wall-clock.interval.ms}, default here one day). The replayed year ends today (at 00:00 UTC,
 * {@link #dataEnd}), so a wall-clock punctuation during the replay would move "now" to the end of the year at once:
 * every component would publish its days up to today as if its status held, and the replay's later changes would
 * correct them at the next punctuations (with a 1 s interval, 2,082 of 8,676 day records were corrected after final
 * in a 200-service, 30-day run). That is what a live app does with a backfill, not what the topology costs on the
 * stream it is built for; with the long interval "now" follows stream time, as in {@code report}.
 *
 * <p>The output topics {@code service-availability-daily} and {@code service-cooccurrence} are created compacted as
 * the app would create them, but with a compaction lag of forever: the records are a year old, the broker rolls a
 * segment per week of record time, and compaction would otherwise remove superseded day records before they are
 * counted. Counting reads them back after the run, outside the measured time.
 */
@Command(
        name = "availability",
        mixinStandardHelpOptions = true,
        description = "Replays a year of synthetic component status changes through the streams-app topology (EOS):"
                + " daily outage minutes and availability, co-occurrence; compares its rate with a minimal Kafka"
                + " Streams aggregate over the same topic and reports outputs and state size.")
final class AvailabilityBench implements Callable<Integer> {

    static final String INPUT_TOPIC = "component-status-changes";
    static final String APPLICATION_ID = "bench-availability";

    private static final int QUICK_SERVICES = 200;
    private static final int QUICK_DAYS = 30;
    private static final long NEVER = Long.MAX_VALUE;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--services",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Services (components) in the synthetic data (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(
            names = "--components",
            paramLabel = "N",
            defaultValue = "20",
            description = "Components per provider (status page) (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "365",
            description = "Days of event time the changes span, ending at 00:00 UTC today (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--episodes-per-month",
            paramLabel = "N",
            defaultValue = "3",
            description = "Mean status episodes (degraded, partial, major, maintenance; about 2.2 changes each) per"
                    + " service and month (default: ${DEFAULT-VALUE}).")
    double episodesPerMonth;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "6",
            description = "Partitions of the input and output topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--wall-clock-interval-ms",
            paramLabel = "MS",
            defaultValue = "86400000",
            description = "app.reliability.wall-clock.interval.ms of the topology (default: ${DEFAULT-VALUE}, longer"
                    + " than the run, so that days follow stream time as in a replay; the app's own 60000 moves"
                    + " \"now\" to today during the run and re-publishes the replayed days as corrections).")
    long wallClockIntervalMs;

    @Option(
            names = "--app-setting",
            paramLabel = "KEY=VALUE",
            description = "An app.* setting of the topology, e.g. app.cooccurrence.max-services=100 (repeatable;"
                    + " default: the app's defaults).")
    Map<String, String> appSettings = new LinkedHashMap<>();

    @Option(
            names = "--quick",
            description = "A smoke run: " + QUICK_SERVICES + " services over " + QUICK_DAYS + " days, unless"
                    + " --services or --days say otherwise.")
    boolean quick;

    @Option(names = "--skip-minimal", description = "Skip the minimal Kafka Streams aggregate.")
    boolean skipMinimal;

    @Mixin
    StreamsBenchOptions options = new StreamsBenchOptions();

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        applyQuick(spec.commandLine().getParseResult());
        validate();
        out.printf("bench availability: %s%n", BenchRig.machine());
        out.printf("streams settings: %s%n", options.streamsSettings());
        out.printf("topology settings: the app's defaults, but %s (see --help)%n", appOverrides());
        out.flush();
        final Results results = new Results();
        try (BenchRig rig =
                BenchRig.start(options, "availability", spec.commandLine().getErr())) {
            rig.createTopic(INPUT_TOPIC, partitions);
            final SyntheticStatusChanges generator = new SyntheticStatusChanges(shape(dataEnd(Instant.now())));
            results.produced = rig.produce(
                    INPUT_TOPIC,
                    generator,
                    0,
                    change -> new ProducerRecord<>(
                            INPUT_TOPIC,
                            null,
                            change.getEventTime().toEpochMilli(),
                            SyntheticStatusChanges.key(change),
                            change));
            results.episodes = generator.episodes();
            printProduced(results.produced, generator);
            if (!skipMinimal) {
                results.minimal = MinimalAggregate.run(
                        rig,
                        MinimalAggregate.APPLICATION_ID,
                        ComponentStatusChange.class,
                        INPUT_TOPIC,
                        results.produced.records(),
                        partitions,
                        options.streamsSettings());
                BenchRig.printRun(out, "minimal aggregate", results.minimal.rate());
            }
            final StreamsAppConfig config = config(rig);
            createOutputTopics(rig, config);
            results.availability = rig.run(
                    "availability",
                    topology(config),
                    config,
                    INPUT_TOPIC,
                    results.produced.records(),
                    List.of(
                            IncidentTopology.COMPONENT_TIMELINE_STORE,
                            IncidentTopology.COMPONENT_CHANGES_STORE,
                            IncidentTopology.DAILY_AVAILABILITY_STORE,
                            IncidentTopology.OUTAGE_DAYS_STORE,
                            IncidentTopology.COOCCURRENCE_STORE),
                    // co-occurrence publishes the last changes on its next wall-clock punctuation; then a commit
                    Duration.ofMillis(2 * config.getLong(StreamsAppConfig.COOCCURRENCE_WALL_CLOCK_INTERVAL_MS)
                            + options.commitIntervalMs),
                    app -> results.metricsRefreshMillis = app.metricsRefreshMillis(config));
            BenchRig.printRun(out, "availability", results.availability.rate());
            countOutputs(rig, config, results);
        }
        report(results);
        return 0;
    }

    /** With {@code --quick}, the small sizes, for each size option not given. */
    void applyQuick(final CommandLine.ParseResult parsed) {
        if (!quick) {
            return;
        }
        if (!parsed.hasMatchedOption("--services")) {
            services = QUICK_SERVICES;
        }
        if (!parsed.hasMatchedOption("--days")) {
            days = QUICK_DAYS;
        }
    }

    private void validate() {
        if (services < 1 || components < 1 || days < 1 || partitions < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--services, --components, --days and --partitions must be at least 1");
        }
        if (!(episodesPerMonth >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--episodes-per-month must not be negative");
        }
        if (wallClockIntervalMs < 100) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--wall-clock-interval-ms must be at least 100");
        }
        for (final String key : appSettings.keySet()) {
            if (!key.startsWith("app.")
                    || !StreamsAppConfig.definition().names().contains(key)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--app-setting " + key + " is not an app.* setting of the streams-app");
            }
        }
        options.validate(spec.commandLine());
    }

    /**
     * Where the replayed data ends: the start of the current UTC day, not the current instant. The changes are placed
     * relative to their end, and local days cut them; ending at the current instant shifted every change by the time
     * between two runs, so each run cut the episodes at other points and counted other outage days (two runs a
     * minute apart at 2,000 services and 120 days differed in 47 services' outage days and in 238 of about 75,000
     * co-occurrence pairs). Two runs on one day now replay the same data and must give the same outputs.
     */
    static Instant dataEnd(final Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS);
    }

    /** The shape of the replayed data, from the options. */
    SyntheticStatusChanges.Shape shape(final Instant end) {
        return new SyntheticStatusChanges.Shape(
                services, components, end, Duration.ofDays(days), episodesPerMonth, options.seed);
    }

    /** The topology's config: the app's defaults, the input topic, and the app settings of the options. */
    StreamsAppConfig config(final BenchRig rig) {
        final Map<String, Object> overrides = new LinkedHashMap<>(appOverrides());
        overrides.put(StreamsAppConfig.COMPONENT_CHANGES_TOPIC, INPUT_TOPIC);
        return rig.config(APPLICATION_ID, partitions, options.streamsSettings(), overrides);
    }

    /** The app settings that differ from the app's defaults: the wall-clock interval and any --app-setting. */
    Map<String, Object> appOverrides() {
        final Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(StreamsAppConfig.RELIABILITY_WALL_CLOCK_INTERVAL_MS, wallClockIntervalMs);
        overrides.putAll(appSettings);
        return overrides;
    }

    private static Topology topology(final StreamsAppConfig config) {
        return IncidentTopology.build(config, StreamsTopics.from(config));
    }

    /** The outputs counted afterwards are kept whole (see the class comment); the app creates the rest. */
    private void createOutputTopics(final BenchRig rig, final StreamsAppConfig config) {
        final Map<String, String> keptWhole = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                Long.toString(NEVER));
        for (final String topic : List.of(
                config.getString(StreamsAppConfig.DAILY_AVAILABILITY_TOPIC),
                config.getString(StreamsAppConfig.COOCCURRENCE_TOPIC))) {
            rig.kafka().createTopic(topic, partitions, keptWhole);
        }
        OutputTopics.ensureExist(rig.admin(), config);
    }

    private void printProduced(final BenchRig.Written produced, final SyntheticStatusChanges generator) {
        out.printf(
                "produced       %,d status changes (%,d first sightings + %,d changes in %,d episodes) of %,d services"
                        + " (%,d providers x %d components) over %d days onto %s (%d partitions) in %.1f s = %,.0f/s,"
                        + " %,.0f bytes/change%n",
                produced.records(),
                (long) services,
                produced.records() - services,
                generator.episodes(),
                services,
                shape(Instant.EPOCH).providers(),
                components,
                days,
                INPUT_TOPIC,
                partitions,
                produced.seconds(),
                produced.records() / produced.seconds(),
                produced.bytes() / (double) produced.records());
        out.flush();
    }

    /** Reads the day and co-occurrence outputs back (not timed) and counts them. */
    private void countOutputs(final BenchRig rig, final StreamsAppConfig config, final Results results) {
        final AtomicLong finals = new AtomicLong();
        final AtomicLong corrected = new AtomicLong();
        final BenchRig.Rate daily = rig.read(
                config.getString(StreamsAppConfig.DAILY_AVAILABILITY_TOPIC),
                new ByteArrayDeserializer(),
                rig.avroDeserializer(DailyAvailability.class),
                (key, day) -> {
                    if (day.getFinal$()) {
                        finals.incrementAndGet();
                    }
                    if (day.getCorrectedAfterFinal()) {
                        corrected.incrementAndGet();
                    }
                });
        results.dayRecords = daily.records();
        results.finalDayRecords = finals.get();
        results.correctedDayRecords = corrected.get();
        results.cooccurrenceRecords = rig.read(
                        config.getString(StreamsAppConfig.COOCCURRENCE_TOPIC),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer(),
                        (key, value) -> {})
                .records();
    }

    private void report(final Results r) {
        out.println();
        out.println("== results ==");
        if (r.minimal != null) {
            BenchRig.printRate(out, "(a)  minimal aggregate (EOS)", r.minimal.rate());
        }
        BenchRig.printRate(out, "(b)  availability topology (EOS)", r.availability.rate());
        if (r.minimal != null) {
            BenchRig.printRatio(
                    out,
                    "availability / minimal",
                    r.availability.rate().perSecond() / r.minimal.rate().perSecond(),
                    "");
        }
        out.printf(
                "%-32s %,10d   (%,d services x %d days, %,d episodes, %.1f per service and month asked)%n",
                "input status changes", r.produced.records(), services, days, r.episodes, episodesPerMonth);
        out.printf(
                "%-32s %,10d   on service-availability-daily: %,d final, %,d corrected after final; %,d"
                        + " service-days in the store%n",
                "output day records",
                r.dayRecords,
                r.finalDayRecords,
                r.correctedDayRecords,
                r.availability.keys().get(IncidentTopology.DAILY_AVAILABILITY_STORE));
        out.printf("%-32s %,10d   on service-cooccurrence%n", "output co-occurrence records", r.cooccurrenceRecords);
        out.printf(
                Locale.ROOT,
                "%-32s %,10.1f ms   (what each scrape of /metrics runs first: %,d components, median of 5)%n",
                "metrics refresh",
                r.metricsRefreshMillis,
                r.availability.keys().get(IncidentTopology.COMPONENT_TIMELINE_STORE));
        printState("availability state on disk", r.availability);
        if (r.minimal != null) {
            printState("minimal state on disk", r.minimal);
        }
        out.flush();
    }

    private void printState(final String label, final BenchRig.AppRun run) {
        out.printf(Locale.ROOT, "%-32s %,10.1f MiB after close%n", label, run.stateBytes() / (double) (1 << 20));
        BenchRig.printStores(out, run.keys(), run.storeBytes(), Map.of());
    }

    /** Everything measured; the minimal aggregate stays null when skipped. */
    private static final class Results {
        BenchRig.Written produced;
        long episodes;
        BenchRig.AppRun minimal;
        BenchRig.AppRun availability;
        long dayRecords;
        long finalDayRecords;
        long correctedDayRecords;
        long cooccurrenceRecords;
        double metricsRefreshMillis;
    }
}
