package dev.incidentmonitor.local;

import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import dev.incidentmonitor.streams.topology.OutputTopics;
import dev.incidentmonitor.streams.topology.StreamsTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor bench streams}: how fast the streams-app's topology consumes incident updates on this
 * machine, measured against what Kafka Streams itself can do here, plus its latency at a steady rate and its memory
 * and state with many open incidents. Embedded broker and registry in the same JVM, exactly-once on.
 *
 * <p>Why three rates: a plain consumer's read rate is the machine's ceiling for reading the topic at all, and a
 * minimal one-store Kafka Streams aggregate (Avro in and out, a RocksDB get and put, a changelog and an output record
 * per input, EOS) is the ceiling of any Streams app here. The full topology is judged against the minimal aggregate,
 * because what lies between the raw read and the minimal aggregate is the price of Kafka Streams with EOS, not of our
 * code.
 *
 * <p>How a run's rate is taken: see {@link BenchApp}.
 */
@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description = "Replays synthetic incident updates through the streams-app topology (EOS) and compares its rate"
                + " with a plain consumer and a minimal Kafka Streams aggregate; then latency, heap and state size.")
final class StreamsBench implements Callable<Integer> {

    static final String INPUT_TOPIC = "incident-updates";
    /** The input of the warm-up runs: other incidents, so the measured runs start with empty state. */
    static final String WARMUP_TOPIC = "incident-updates-warmup";

    private static final int PARTITIONS = 6;
    /** Record timestamps are display times up to a year old: time-based retention would delete them at once. */
    private static final Map<String, String> KEEP = Map.of("retention.ms", "-1");

    private static final Duration POLL = Duration.ofMillis(100);
    private static final int READS = 3;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(180);
    private static final double TARGET_FULL_OF_MINIMAL = 0.5;
    private static final long TARGET_P99_MS = 200;
    /** What a plain read does with each record: nothing, once it is deserialized. */
    private static final BiConsumer<Object, Object> NONE = (key, value) -> {};

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--updates",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Synthetic updates replayed for the three rates (default: ${DEFAULT-VALUE}).")
    long updates;

    @Option(
            names = "--warmup-updates",
            paramLabel = "N",
            defaultValue = "300000",
            description = "Synthetic updates (other incidents) the minimal aggregate and the full topology each replay"
                    + " once, unmeasured, before their measured run, so that the JIT has compiled what each runs"
                    + " (default: ${DEFAULT-VALUE}; 0: none, the measured runs then include the warm-up).")
    long warmupUpdates;

    @Option(
            names = "--providers",
            paramLabel = "N",
            defaultValue = "500",
            description = "Providers (status pages) in the synthetic data (default: ${DEFAULT-VALUE}).")
    int providers;

    @Option(
            names = "--components",
            paramLabel = "N",
            defaultValue = "8",
            description = "Components (services) per provider (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "365",
            description =
                    "Days the display times of the replayed updates span, ending now (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Updates per second of the latency phase (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "N",
            defaultValue = "30",
            description = "Measured seconds of the latency phase (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "N",
            defaultValue = "5",
            description = "Seconds at the latency phase's rate before measuring (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--open-incidents",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Open incidents of the heap and state phase (default: ${DEFAULT-VALUE}).")
    long openIncidents;

    @Mixin
    StreamsBenchOptions options = new StreamsBenchOptions();

    @Option(names = "--skip-raw", description = "Skip the plain consumer.")
    boolean skipRaw;

    @Option(names = "--skip-minimal", description = "Skip the minimal Kafka Streams aggregate.")
    boolean skipMinimal;

    @Option(names = "--skip-full", description = "Skip the full topology's replay.")
    boolean skipFull;

    @Option(names = "--skip-latency", description = "Skip the latency phase.")
    boolean skipLatency;

    @Option(names = "--skip-state", description = "Skip the heap and state phase.")
    boolean skipState;

    private PrintWriter out;
    private PrintWriter progress;
    private BenchRig rig;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        progress = spec.commandLine().getErr();
        validate();
        out.printf("bench streams: %s%n", BenchRig.machine());
        out.printf("streams settings: %s%n", options.streamsSettings());
        out.printf(
                "warm-up: %,d updates of other incidents through each Streams app before its measured run%n",
                warmupUpdates);
        out.flush();
        final Results results = new Results();
        try (BenchRig started = BenchRig.start(options, "streams", progress)) {
            rig = started;
            if (!(skipRaw && skipMinimal && skipFull)) {
                replay(results);
            }
            if (!skipLatency) {
                results.latency = latency();
            }
            if (!skipState) {
                results.state = state();
            }
            report(results);
        }
        return 0;
    }

    private void validate() {
        if (updates < 1
                || openIncidents < 1
                || rate < 1
                || latencySeconds < 1
                || warmupSeconds < 0
                || warmupUpdates < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--updates, --open-incidents, --rate and --latency-seconds must be at least 1, --warmup-seconds"
                            + " and --warmup-updates at least 0");
        }
        options.validate(spec.commandLine());
        if (providers < 1 || components < 1 || days < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--providers, --components and --days must be at least 1");
        }
    }

    /** Writes incident updates keyed {@code <provider>:<incident_id>}, each at its display time. */
    private BenchRig.Written produce(final String topic, final SyntheticUpdates generator) {
        return rig.produce(topic, generator, 0, update -> record(topic, update));
    }

    private static ProducerRecord<String, IncidentUpdate> record(final String topic, final IncidentUpdate update) {
        return new ProducerRecord<>(
                topic, null, update.getDisplayTime().toEpochMilli(), SyntheticUpdates.key(update), update);
    }

    /** The config of an app of this benchmark reading incident updates from {@code input}; its outputs exist. */
    private StreamsAppConfig config(final String applicationId, final String input) {
        final StreamsAppConfig config = rig.config(
                applicationId,
                PARTITIONS,
                options.streamsSettings(),
                Map.of(StreamsAppConfig.INCIDENT_UPDATES_TOPIC, input));
        OutputTopics.ensureExist(rig.admin(), config);
        return config;
    }

    /** The streams-app's topology under {@code config}. */
    private static Topology topology(final StreamsAppConfig config) {
        return IncidentTopology.build(config, StreamsTopics.from(config));
    }

    /** Runs the full topology as {@code applicationId} until it has consumed {@code records} of {@code input}. */
    private BenchRig.AppRun runFull(
            final String name, final String applicationId, final String input, final long records) throws Exception {
        final StreamsAppConfig config = config(applicationId, input);
        return rig.run(name, topology(config), config, input, records, List.of(), Duration.ZERO, app -> {});
    }

    /** Runs the minimal aggregate as {@code applicationId} until it has consumed {@code records} of {@code input}. */
    private BenchRig.AppRun runMinimal(final String applicationId, final String input, final long records)
            throws Exception {
        return MinimalAggregate.run(
                rig, applicationId, IncidentUpdate.class, input, records, PARTITIONS, options.streamsSettings());
    }

    /** The shape of the replayed data, from the options. */
    SyntheticUpdates.Shape replayShape(final Instant end) {
        return new SyntheticUpdates.Shape(
                updates, providers, components, end, Duration.ofDays(days), false, options.seed, "inc");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Phase 1: one input topic, three consumers

    private void replay(final Results results) throws Exception {
        rig.createTopic(INPUT_TOPIC, PARTITIONS);
        final SyntheticUpdates generator = new SyntheticUpdates(replayShape(Instant.now()));
        final BenchRig.Written produced = produce(INPUT_TOPIC, generator);
        results.produced = produced;
        out.printf(
                "produced       %,d updates of %,d incidents (%,d providers x %d components) onto %s (%d"
                        + " partitions) in %.1f s = %,.0f/s, %,.0f bytes/update%n",
                produced.records(),
                generator.incidents(),
                providers,
                components,
                INPUT_TOPIC,
                PARTITIONS,
                produced.seconds(),
                produced.records() / produced.seconds(),
                produced.bytes() / (double) produced.records());
        out.flush();
        if (!skipRaw) {
            results.raw = medianOfReads(produced.records(), false);
            BenchRig.printRun(out, "plain consumer", results.raw);
            results.rawAvro = medianOfReads(produced.records(), true);
            BenchRig.printRun(out, "plain + Avro", results.rawAvro);
        }
        final long warmup = skipMinimal && skipFull ? 0 : produceWarmup();
        if (!skipMinimal) {
            if (warmup > 0) {
                runMinimal("warmup-" + MinimalAggregate.APPLICATION_ID, WARMUP_TOPIC, warmup);
                progress.printf("  minimal aggregate warmed up over %,d updates%n", warmup);
            }
            results.minimal = runMinimal(MinimalAggregate.APPLICATION_ID, INPUT_TOPIC, produced.records())
                    .rate();
            BenchRig.printRun(out, "minimal aggregate", results.minimal);
        }
        if (!skipFull) {
            if (warmup > 0) {
                runFull("full topology warm-up", "warmup-bench-full", WARMUP_TOPIC, warmup);
                progress.printf("  full topology warmed up over %,d updates%n", warmup);
            }
            final BenchRig.AppRun full = runFull("full topology", "bench-full", INPUT_TOPIC, produced.records());
            results.full = full.rate();
            results.fullStateBytes = full.stateBytes();
            BenchRig.printRun(out, "full topology", results.full);
        }
    }

    /**
     * Writes the warm-up input ({@code --warmup-updates} updates of other incidents than the measured input's, over
     * the same span) and returns how many it wrote, 0 when there is no warm-up.
     */
    private long produceWarmup() {
        if (warmupUpdates == 0) {
            return 0;
        }
        rig.createTopic(WARMUP_TOPIC, PARTITIONS);
        final BenchRig.Written written = produce(
                WARMUP_TOPIC,
                new SyntheticUpdates(new SyntheticUpdates.Shape(
                        warmupUpdates,
                        providers,
                        components,
                        Instant.now(),
                        Duration.ofDays(days),
                        false,
                        options.seed + 1,
                        "warm")));
        return written.records();
    }

    /**
     * The median of {@value #READS} reads of the whole input: one read lasts seconds, so a single one swings with
     * whatever else the two cores are doing at that moment.
     */
    private BenchRig.Rate medianOfReads(final long expected, final boolean avro) {
        final List<BenchRig.Rate> reads = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
            final BenchRig.Rate read = avro
                    ? rig.read(INPUT_TOPIC, new StringDeserializer(), rig.avroDeserializer(IncidentUpdate.class), NONE)
                    : rig.read(INPUT_TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer(), NONE);
            if (read.records() != expected) {
                throw new IllegalStateException(
                        "the plain consumer read " + read.records() + " records, expected " + expected);
            }
            reads.add(read);
        }
        reads.sort(Comparator.comparingDouble(BenchRig.Rate::perSecond));
        progress.printf(
                "  plain consumer%s: %s records/s, the median counts%n",
                avro ? " + Avro" : "",
                reads.stream()
                        .map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond()))
                        .collect(Collectors.joining(", ")));
        progress.flush();
        return reads.get(READS / 2);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Phase 2: latency at a steady rate

    private Latency latency() throws Exception {
        final String topic = "bench-latency-updates";
        rig.createTopic(topic, PARTITIONS);
        final StreamsAppConfig config = config("bench-latency", topic);
        final String incidents = config.getString(StreamsAppConfig.INCIDENTS_TOPIC);
        final long total = (long) rate * (warmupSeconds + latencySeconds);
        final SyntheticUpdates generator = new SyntheticUpdates(new SyntheticUpdates.Shape(
                total, providers, components, Instant.now(), Duration.ofDays(days), false, options.seed + 1, "live"));
        try (BenchApp app = rig.start(topology(config), config);
                LatencyConsumer consumer = new LatencyConsumer(incidents)) {
            app.awaitRunning();
            consumer.start();
            out.printf(
                    "latency        %d s warm-up + %d s at %,d updates/s through the full topology, publish ->"
                            + " committed record on %s%n",
                    warmupSeconds, latencySeconds, rate, incidents);
            out.flush();
            final BenchRig.Written produced = rig.produce(topic, generator, rate, update -> {
                final Instant now = Instant.now();
                return record(
                        topic,
                        IncidentUpdate.newBuilder(update)
                                .setDisplayTime(now)
                                .setCreatedTime(now)
                                .setObservedTime(now)
                                .build());
            });
            final long measuredFrom = produced.startMillis() + warmupSeconds * 1000L;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.received.get() < total && System.nanoTime() < deadline) {
                app.checkAlive();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            consumer.stop();
            final long[] latencies = consumer.latenciesSince(measuredFrom);
            return new Latency(
                    produced.records(),
                    consumer.received.get(),
                    latencies,
                    produced.seconds(),
                    consumer.meanLatency(),
                    app.meanMetric(
                            "stream-processor-node-metrics",
                            "record-e2e-latency-avg",
                            Map.of("processor-node-id", IncidentTopology.WRITE_INCIDENTS)),
                    app.meanMetric("stream-thread-metrics", "commit-latency-avg", Map.of()),
                    app.meanMetric("stream-thread-metrics", "commit-rate", Map.of()));
        }
    }

    /** Reads the {@code incidents} output and keeps publish-to-output latency by record timestamp. */
    private final class LatencyConsumer implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong received = new AtomicLong();
        private final List<long[]> samples = new ArrayList<>(); // {record timestamp, latency ms}
        private Thread thread;

        LatencyConsumer(final String topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            rig.kafka().bootstrapServers(),
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                            "read_committed",
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                            false),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        }

        void start() {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(this::run, "bench-latency-consumer");
            thread.start();
        }

        private void run() {
            while (running.get()) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(20));
                final long now = System.currentTimeMillis();
                synchronized (samples) {
                    for (final ConsumerRecord<byte[], byte[]> record : records) {
                        samples.add(new long[] {record.timestamp(), now - record.timestamp()});
                    }
                }
                received.addAndGet(records.count());
            }
        }

        void stop() {
            running.set(false);
            if (thread != null) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The mean of every latency, the warm-up's included, as Kafka Streams' own metrics of the phase have. */
        double meanLatency() {
            synchronized (samples) {
                return samples.stream().mapToLong(s -> s[1]).average().orElse(Double.NaN);
            }
        }

        long[] latenciesSince(final long fromMillis) {
            synchronized (samples) {
                return samples.stream()
                        .filter(s -> s[0] >= fromMillis)
                        .mapToLong(s -> s[1])
                        .sorted()
                        .toArray();
            }
        }

        @Override
        public void close() {
            stop();
            consumer.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Phase 3: heap and state with many open incidents

    private State state() throws Exception {
        final String topic = "bench-state-updates";
        rig.createTopic(topic, PARTITIONS);
        final SyntheticUpdates generator = new SyntheticUpdates(new SyntheticUpdates.Shape(
                openIncidents,
                providers,
                components,
                Instant.now(),
                Duration.ofDays(7),
                true,
                options.seed + 2,
                "open"));
        final BenchRig.Written produced = produce(topic, generator);
        final StreamsAppConfig config = config("bench-state", topic);
        final long heapBefore = BenchRig.heapAfterGc();
        final BenchRig.Rate consumed;
        final long heapAfter;
        final Map<String, Long> keys = new LinkedHashMap<>();
        final Map<String, Double> rocksdb;
        final long rss;
        final Path stateDir;
        try (BenchApp app = rig.start(topology(config), config)) {
            consumed = app.awaitConsumed(topic, produced.records(), "open incidents");
            heapAfter = BenchRig.heapAfterGc();
            rss = BenchRig.residentSetBytes();
            for (final String store : List.of(
                    IncidentTopology.INCIDENT_STORE,
                    IncidentTopology.SERVICE_LEDGER_STORE,
                    IncidentTopology.INCIDENT_FIGURES_STORE)) {
                keys.put(store, app.countKeys(store));
            }
            rocksdb = app.rocksDbFigures();
            stateDir = app.stateDir();
        }
        // sizes after close, which flushes RocksDB's memtables to disk
        return new State(
                produced.records(),
                consumed,
                heapBefore,
                heapAfter,
                BenchRig.directorySize(stateDir),
                keys,
                BenchRig.storeSizes(stateDir),
                rocksdb,
                rss);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Report

    private void report(final Results r) {
        out.println();
        out.println("== results ==");
        if (r.raw != null) {
            BenchRig.printRate(out, "(a)  plain consumer (byte[])", r.raw);
            BenchRig.printRate(out, "(a') plain consumer + Avro", r.rawAvro);
        }
        if (r.minimal != null) {
            BenchRig.printRate(out, "(b)  minimal aggregate (EOS)", r.minimal);
        }
        if (r.full != null) {
            BenchRig.printRate(out, "(c)  full topology (EOS)", r.full);
        }
        if (r.raw != null && r.minimal != null) {
            BenchRig.printRatio(
                    out,
                    "minimal / raw",
                    r.minimal.perSecond() / r.raw.perSecond(),
                    "(Streams ceiling; measured before at 0.08-0.10)");
        }
        if (r.raw != null && r.full != null) {
            BenchRig.printRatio(out, "full / raw", r.full.perSecond() / r.raw.perSecond(), "");
        }
        if (r.minimal != null && r.full != null) {
            final double ratio = r.full.perSecond() / r.minimal.perSecond();
            BenchRig.printRatio(
                    out,
                    "full / minimal",
                    ratio,
                    String.format(
                            Locale.ROOT,
                            "target >= %.2f: %s",
                            TARGET_FULL_OF_MINIMAL,
                            ratio >= TARGET_FULL_OF_MINIMAL ? "target met" : "target MISSED"));
        }
        if (r.full != null) {
            out.printf(
                    "full topology state on disk     %,10.1f MiB after %,d updates (after close)%n",
                    r.fullStateBytes / (double) (1 << 20), updates);
        }
        if (r.latency != null) {
            final Latency l = r.latency;
            out.printf(
                    "latency p50 / p99 / max         %,6d / %,d / %,d ms   (%,d outputs timed after the warm-up;"
                            + " %,d sent at %,.0f/s, %,d outputs arrived)%n",
                    l.percentile(50),
                    l.percentile(99),
                    l.max(),
                    l.latencies.length,
                    l.sent,
                    l.sent / l.seconds,
                    l.received);
            out.printf(
                    "latency mean of the phase       %,8.1f ms: %,.1f ms until the app's sink (Kafka Streams'"
                            + " record-e2e-latency), then the wait for the commit that makes the record visible"
                            + " (commit interval %,d ms: %,.1f commits/s, each taking %,.1f ms) and the read%n",
                    l.phaseMeanMs, l.meanToSinkMs, options.commitIntervalMs, l.commitsPerSecond, l.meanCommitMs);
            out.printf(
                    "latency p99 target <= %d ms:   %s%n",
                    TARGET_P99_MS, l.percentile(99) <= TARGET_P99_MS ? "target met" : "target MISSED");
        }
        if (r.state != null) {
            final State s = r.state;
            out.printf(
                    "open incidents                  %,10d (consumed at %,.0f/s)%n",
                    s.incidents, s.consumed.perSecond());
            out.printf(
                    "heap used after GC              %,10d MiB (whole JVM incl. broker; %,d MiB before the app, +%,d"
                            + " MiB)%n",
                    s.heapAfter >> 20, s.heapBefore >> 20, (s.heapAfter - s.heapBefore) >> 20);
            out.printf("process RSS                     %,10d MiB (RocksDB memory is off-heap)%n", s.rss >> 20);
            out.printf(
                    "state directory                 %,10.1f MiB on disk after close%n",
                    s.stateBytes / (double) (1 << 20));
            BenchRig.printStores(out, s.keys, s.stores, s.rocksdb);
            out.printf(
                    "RocksDB off-heap memory         %,10.1f MiB (memtables, block caches, index and filter blocks of"
                            + " all stores)%n",
                    s.rocksdb.getOrDefault(BenchApp.OFF_HEAP, 0.0) / (1 << 20));
        }
        out.flush();
    }

    /**
     * Latencies in milliseconds after the warm-up, sorted; over the whole phase, their mean and the mean part spent
     * before the record reached the app's sink (the rest is the wait for the transaction's commit, which makes it
     * visible, and the read), and the commits' rate and mean duration (Kafka Streams' thread metrics, averaged over
     * the threads).
     */
    private record Latency(
            long sent,
            long received,
            long[] latencies,
            double seconds,
            double phaseMeanMs,
            double meanToSinkMs,
            double meanCommitMs,
            double commitsPerSecond) {

        long percentile(final int p) {
            if (latencies.length == 0) {
                return -1;
            }
            final int index = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))];
        }

        long max() {
            return latencies.length == 0 ? -1 : latencies[latencies.length - 1];
        }
    }

    /** Heap and state of the open-incidents phase. */
    private record State(
            long incidents,
            BenchRig.Rate consumed,
            long heapBefore,
            long heapAfter,
            long stateBytes,
            Map<String, Long> keys,
            Map<String, Long> stores,
            Map<String, Double> rocksdb,
            long rss) {}

    /** Everything measured; a phase that was skipped stays null. */
    private static final class Results {
        BenchRig.Written produced;
        BenchRig.Rate raw;
        BenchRig.Rate rawAvro;
        BenchRig.Rate minimal;
        BenchRig.Rate full;
        long fullStateBytes;
        Latency latency;
        State state;
    }
}
