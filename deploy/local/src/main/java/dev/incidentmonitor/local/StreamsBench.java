package dev.incidentmonitor.local;

import dev.incidentmonitor.embedded.EmbeddedKafka;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.AvroDeserializer;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.serde.AvroSerializer;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import dev.incidentmonitor.streams.topology.OutputTopics;
import dev.incidentmonitor.streams.topology.StreamsTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import picocli.CommandLine.Command;
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
 * <p>A run's rate is input records divided by the time from {@link KafkaStreams#start()} until the committed offsets
 * of the app's consumer group reach the end of the input topic <em>and</em> of its repartition topics (read with the
 * admin client every 100 ms). With exactly-once, an offset is committed in the same transaction as the outputs and
 * store changelog records of the records before it, so a committed offset at the end means every output is visible;
 * counting the app's outputs instead would need a consumer competing for the same two cores.
 */
@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description = "Replays synthetic incident updates through the streams-app topology (EOS) and compares its rate"
                + " with a plain consumer and a minimal Kafka Streams aggregate; then latency, heap and state size.")
final class StreamsBench implements Callable<Integer> {

    static final String INPUT_TOPIC = "incident-updates";
    static final String MINIMAL_OUTPUT = "bench-minimal-out";
    private static final int PARTITIONS = 6;
    /** Record timestamps are display times up to a year old: time-based retention would delete them at once. */
    private static final Map<String, String> KEEP = Map.of("retention.ms", "-1");

    private static final Duration POLL = Duration.ofMillis(100);
    private static final int READS = 3;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(180);
    private static final double TARGET_FULL_OF_MINIMAL = 0.5;
    private static final long TARGET_P99_MS = 200;
    private static final String OFF_HEAP = "(all stores)";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--updates",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Synthetic updates replayed for the three rates (default: ${DEFAULT-VALUE}).")
    long updates;

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
            names = "--seed",
            defaultValue = "42",
            description = "Random seed of the synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

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

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "num.stream.threads of every Streams app (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(
            names = "--commit-interval-ms",
            paramLabel = "MS",
            defaultValue = "100",
            description = "commit.interval.ms of every Streams app (default: ${DEFAULT-VALUE}, Kafka's EOS default).")
    long commitIntervalMs;

    @Option(
            names = "--cache-bytes",
            paramLabel = "BYTES",
            defaultValue = "10485760",
            description = "statestore.cache.max.bytes of every Streams app (default: ${DEFAULT-VALUE}, Kafka's"
                    + " default).")
    long cacheBytes;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "A new directory for the broker, the registry log and the Streams state, kept after the run"
                    + " (default: a temporary directory, deleted at the end).")
    Path dataDir;

    @Option(
            names = "--registry-home",
            paramLabel = "DIR",
            description = "The built schema registry (default: the system property incident-monitor.registry.home,"
                    + " else the build output of deploy/schema-registry).")
    Path registryHome;

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
    private Path dir;
    private EmbeddedKafka kafka;
    private String registryUrl;
    private Admin admin;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        progress = spec.commandLine().getErr();
        validate();
        final boolean temporary = dataDir == null;
        dir = temporary
                ? Files.createTempDirectory("incident-monitor-bench-streams-")
                : Files.createDirectories(dataDir.toAbsolutePath());
        out.printf("bench streams: %s%n", machine());
        out.printf("streams settings: %s%n", streamsSettings());
        out.flush();
        final Results results = new Results();
        try (EmbeddedKafka broker = EmbeddedKafka.builder()
                        .dataDir(dir.resolve("kafka"))
                        .port(0)
                        .start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                        registryHome == null ? EmbeddedSchemaRegistry.defaultHome() : registryHome,
                        EmbeddedKafka.HOST,
                        0,
                        dir.resolve("registry.log"));
                Admin client =
                        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            kafka = broker;
            registryUrl = registry.ccompatUrl();
            admin = client;
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
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
        return 0;
    }

    private void validate() {
        if (updates < 1 || openIncidents < 1 || rate < 1 || latencySeconds < 1 || warmupSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--updates, --open-incidents, --rate and --latency-seconds must be at least 1, --warmup-seconds"
                            + " at least 0");
        }
        if (dataDir != null && Files.exists(dataDir.resolve("kafka"))) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--data-dir " + dataDir + " holds a broker of an earlier run; give a new directory, so that the"
                            + " topics start empty");
        }
        if (providers < 1 || components < 1 || days < 1 || streamThreads < 1 || commitIntervalMs < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--providers, --components, --days, --stream-threads and --commit-interval-ms must be at least 1");
        }
    }

    /** The shape of the replayed data, from the options. */
    SyntheticUpdates.Shape replayShape(final Instant end) {
        return new SyntheticUpdates.Shape(
                updates, providers, components, end, Duration.ofDays(days), false, seed, "inc");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Phase 1: one input topic, three consumers

    private void replay(final Results results) throws Exception {
        kafka.createTopic(INPUT_TOPIC, PARTITIONS, KEEP);
        final SyntheticUpdates generator = new SyntheticUpdates(replayShape(Instant.now()));
        final Written produced = produce(INPUT_TOPIC, generator, 0, false);
        results.produced = produced;
        out.printf(
                "produced       %,d updates of %,d incidents (%,d providers x %d components) onto %s (%d"
                        + " partitions) in %.1f s = %,.0f/s, %,.0f bytes/update%n",
                produced.records,
                generator.incidents(),
                providers,
                components,
                INPUT_TOPIC,
                PARTITIONS,
                produced.seconds(),
                produced.records / produced.seconds(),
                produced.bytes / (double) produced.records);
        out.flush();
        if (!skipRaw) {
            results.raw = medianOfReads(produced.records, false);
            line("plain consumer", results.raw);
            results.rawAvro = medianOfReads(produced.records, true);
            line("plain + Avro", results.rawAvro);
        }
        if (!skipMinimal) {
            final StreamsAppConfig config = config("bench-minimal", "bench-minimal", INPUT_TOPIC);
            kafka.createTopic(MINIMAL_OUTPUT, PARTITIONS, KEEP);
            try (App app = new App("bench-minimal", minimalTopology(config), config)) {
                results.minimal = app.awaitConsumed(INPUT_TOPIC, produced.records, "minimal aggregate");
            }
            line("minimal aggregate", results.minimal);
            topics(results.minimal);
        }
        if (!skipFull) {
            final StreamsAppConfig config = config("bench-full", "bench-full", INPUT_TOPIC);
            createOutputTopics(config);
            final Path stateDir;
            try (App app = new App("bench-full", IncidentTopology.build(config, StreamsTopics.from(config)), config)) {
                results.full = app.awaitConsumed(INPUT_TOPIC, produced.records, "full topology");
                stateDir = app.stateDir();
            }
            results.fullStateBytes = directorySize(stateDir); // after close, which flushes the memtables
            line("full topology", results.full);
            topics(results.full);
        }
    }

    private void line(final String name, final Rate rate) {
        out.printf("%-18s %s%n", name, rate);
        out.printf("%-18s %s%n", "", rate.usage().cpuLine());
        out.flush();
    }

    /** The topics the broker took most bytes in for during {@code rate}, per input record. */
    private void topics(final Rate rate) {
        final List<Map.Entry<String, Long>> top = rate.usage().bytesIn().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .toList();
        final long total = rate.usage().bytesIn().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        out.printf(
                "%-18s broker took in %,.0f bytes per input record, most for:%n", "", total / (double) rate.records());
        for (final Map.Entry<String, Long> topic : top) {
            out.printf(
                    "%-18s   %-52s %,8.0f bytes/record%n",
                    "", topic.getKey(), topic.getValue() / (double) rate.records());
        }
        out.flush();
    }

    /**
     * The minimal aggregate: read with the Avro serde, put a per-key counter into a persistent (RocksDB) store,
     * forward every record and write it with the Avro serde. The same cost per record as the cheapest useful
     * stateful app; {@code ensure.explicit.internal.resource.naming} holds as for the real topology.
     */
    static Topology minimalTopology(final StreamsAppConfig config) {
        final Serde<IncidentUpdate> values = SpecificAvroSerde.configured(IncidentUpdate.class, config.kafka(), false);
        final StoreBuilder<KeyValueStore<String, Long>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore("bench-count-store"), Serdes.String(), Serdes.Long());
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        config.getString(StreamsAppConfig.INCIDENT_UPDATES_TOPIC),
                        Consumed.with(Serdes.String(), values).withName("read-updates"))
                .processValues(new CountingSupplier(store), Named.as("count-updates"))
                .to(MINIMAL_OUTPUT, Produced.with(Serdes.String(), values).withName("write-updates"));
        return builder.build(config.kafkaProperties());
    }

    /** Supplies {@link Counting} with its store. */
    private record CountingSupplier(StoreBuilder<KeyValueStore<String, Long>> store)
            implements FixedKeyProcessorSupplier<String, IncidentUpdate, IncidentUpdate> {

        @Override
        public FixedKeyProcessor<String, IncidentUpdate, IncidentUpdate> get() {
            return new Counting(store.name());
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(store);
        }
    }

    /** Counts updates per key in the store and forwards every record. */
    private static final class Counting implements FixedKeyProcessor<String, IncidentUpdate, IncidentUpdate> {

        private final String storeName;
        private FixedKeyProcessorContext<String, IncidentUpdate> context;
        private KeyValueStore<String, Long> store;

        Counting(final String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(final FixedKeyProcessorContext<String, IncidentUpdate> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(final FixedKeyRecord<String, IncidentUpdate> record) {
            final Long count = store.get(record.key());
            store.put(record.key(), count == null ? 1L : count + 1);
            context.forward(record);
        }
    }

    /**
     * The median of {@value #READS} reads of the whole input: one read lasts seconds, so a single one swings with
     * whatever else the two cores are doing at that moment.
     */
    private Rate medianOfReads(final long expected, final boolean avro) {
        final List<Rate> reads = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
            reads.add(readPlain(INPUT_TOPIC, expected, avro));
        }
        reads.sort(Comparator.comparingDouble(Rate::perSecond));
        progress.printf(
                "  plain consumer%s: %s records/s, the median counts%n",
                avro ? " + Avro" : "",
                reads.stream()
                        .map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond()))
                        .collect(Collectors.joining(", ")));
        progress.flush();
        return reads.get(READS / 2);
    }

    private Rate readPlain(final String topic, final long expected, final boolean avro) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        final Deserializer<?> keys = avro ? new StringDeserializer() : new ByteArrayDeserializer();
        final Deserializer<?> values;
        if (avro) {
            final AvroDeserializer<IncidentUpdate> deserializer = new AvroDeserializer<>(IncidentUpdate.class);
            deserializer.configure(props, false);
            values = deserializer;
        } else {
            values = new ByteArrayDeserializer();
        }
        try (KafkaConsumer<?, ?> consumer = new KafkaConsumer<>(props, keys, values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            final Usage.Snapshot before = Usage.snapshot();
            final long started = System.nanoTime();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                final ConsumerRecords<?, ?> batch = consumer.poll(POLL);
                records += batch.count();
            }
            final long nanos = System.nanoTime() - started;
            final Usage usage = before.until(Usage.snapshot());
            if (records != expected) {
                throw new IllegalStateException(
                        "the plain consumer read " + records + " records, expected " + expected);
            }
            return new Rate(records, nanos, 0, usage);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Phase 2: latency at a steady rate

    private Latency latency() throws Exception {
        final String topic = "bench-latency-updates";
        kafka.createTopic(topic, PARTITIONS, KEEP);
        final StreamsAppConfig config = config("bench-latency", "bench-latency", topic);
        createOutputTopics(config);
        final String incidents = config.getString(StreamsAppConfig.INCIDENTS_TOPIC);
        final long total = (long) rate * (warmupSeconds + latencySeconds);
        final SyntheticUpdates generator = new SyntheticUpdates(new SyntheticUpdates.Shape(
                total, providers, components, Instant.now(), Duration.ofDays(days), false, seed + 1, "live"));
        try (App app = new App("bench-latency", IncidentTopology.build(config, StreamsTopics.from(config)), config);
                LatencyConsumer consumer = new LatencyConsumer(incidents)) {
            app.awaitRunning();
            consumer.start();
            out.printf(
                    "latency        %d s warm-up + %d s at %,d updates/s through the full topology, publish ->"
                            + " committed record on %s%n",
                    warmupSeconds, latencySeconds, rate, incidents);
            out.flush();
            final Written produced = produce(topic, generator, rate, true);
            final long measuredFrom = produced.startMillis + warmupSeconds * 1000L;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.received.get() < total && System.nanoTime() < deadline) {
                app.checkAlive();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            consumer.stop();
            final long[] latencies = consumer.latenciesSince(measuredFrom);
            return new Latency(produced.records, consumer.received.get(), latencies, produced.seconds());
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
                            kafka.bootstrapServers(),
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
        kafka.createTopic(topic, PARTITIONS, KEEP);
        final SyntheticUpdates generator = new SyntheticUpdates(new SyntheticUpdates.Shape(
                openIncidents, providers, components, Instant.now(), Duration.ofDays(7), true, seed + 2, "open"));
        final Written produced = produce(topic, generator, 0, false);
        final StreamsAppConfig config = config("bench-state", "bench-state", topic);
        createOutputTopics(config);
        final long heapBefore = heapAfterGc();
        final Rate consumed;
        final long heapAfter;
        final Map<String, Long> keys = new LinkedHashMap<>();
        final Map<String, Double> rocksdb;
        final long rss;
        final Path stateDir;
        try (App app = new App("bench-state", IncidentTopology.build(config, StreamsTopics.from(config)), config)) {
            consumed = app.awaitConsumed(topic, produced.records, "open incidents");
            heapAfter = heapAfterGc();
            rss = residentSetBytes();
            for (final String store : List.of(IncidentTopology.INCIDENT_STORE, IncidentTopology.SERVICE_LEDGER_STORE)) {
                keys.put(store, app.countKeys(store));
            }
            rocksdb = app.rocksDbFigures();
            stateDir = app.stateDir();
        }
        // sizes after close, which flushes RocksDB's memtables to disk
        return new State(
                produced.records,
                consumed,
                heapBefore,
                heapAfter,
                directorySize(stateDir),
                keys,
                storeSizes(stateDir),
                rocksdb,
                rss);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared pieces

    /**
     * Writes the generator's updates with a plain idempotent producer through the project's Avro serializer (against
     * the real registry), keyed {@code <provider>:<incident_id>}. With {@code perSecond > 0} the sends are paced and
     * each update's display time (and record timestamp) is the moment it is sent; otherwise it is sent as fast as
     * the producer takes it, with its generated display time as the record timestamp.
     */
    private Written produce(
            final String topic, final SyntheticUpdates generator, final int perSecond, final boolean stampNow)
            throws InterruptedException, ExecutionException, TimeoutException {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, perSecond > 0 ? 1 : 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        final AvroSerializer<IncidentUpdate> values = new AvroSerializer<>();
        values.configure(props, false);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicLong bytes = new AtomicLong();
        long records = 0;
        final long startMillis = System.currentTimeMillis();
        final long started = System.nanoTime();
        try (KafkaProducer<String, IncidentUpdate> producer =
                new KafkaProducer<>(props, new StringSerializer(), values)) {
            while (generator.hasNext() && failure.get() == null) {
                IncidentUpdate update = generator.next();
                if (perSecond > 0) {
                    final long due = started + records * 1_000_000_000L / perSecond;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                if (stampNow) {
                    final Instant now = Instant.now();
                    update = IncidentUpdate.newBuilder(update)
                            .setDisplayTime(now)
                            .setCreatedTime(now)
                            .setObservedTime(now)
                            .build();
                }
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                null,
                                update.getDisplayTime().toEpochMilli(),
                                SyntheticUpdates.key(update),
                                update),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                bytes.addAndGet(metadata.serializedValueSize() + metadata.serializedKeySize());
                            }
                        });
                records++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "producing to " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
        return new Written(records, bytes.get(), System.nanoTime() - started, startMillis);
    }

    /** Settings of one Streams app: its own id, output topics and state directory, the shared Streams settings. */
    private StreamsAppConfig config(final String applicationId, final String outputPrefix, final String input) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        settings.putAll(streamsSettings());
        settings.put(StreamsAppConfig.INCIDENT_UPDATES_TOPIC, input);
        settings.put(StreamsAppConfig.INCIDENTS_TOPIC, outputPrefix + "-incidents");
        settings.put(StreamsAppConfig.INCIDENT_EVENTS_TOPIC, outputPrefix + "-incident-events");
        settings.put(StreamsAppConfig.SERVICE_RELIABILITY_TOPIC, outputPrefix + "-service-reliability");
        settings.put(StreamsAppConfig.DEAD_LETTER_TOPIC, outputPrefix + "-dlq");
        settings.put(StreamsAppConfig.COMPONENT_CHANGES_TOPIC, outputPrefix + "-component-status-changes");
        settings.put(StreamsAppConfig.DAILY_AVAILABILITY_TOPIC, outputPrefix + "-service-availability-daily");
        settings.put(StreamsAppConfig.COOCCURRENCE_TOPIC, outputPrefix + "-service-cooccurrence");
        settings.put(StreamsAppConfig.TOPIC_PARTITIONS, PARTITIONS);
        settings.put(StreamsAppConfig.PROCESSING_ERRORS, StreamsAppConfig.ERRORS_FAIL);
        return new StreamsAppConfig(settings);
    }

    /** The settings every Streams app of the bench shares, so the minimal aggregate and the topology compare. */
    Map<String, Object> streamsSettings() {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        settings.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        return settings;
    }

    private void createOutputTopics(final StreamsAppConfig config) {
        OutputTopics.ensureExist(admin, config);
    }

    /** One running Streams app, with the means to tell when it has consumed everything. */
    private final class App implements AutoCloseable {

        private final String id;
        private final KafkaStreams streams;
        private final Path stateDir;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final long started;
        private final Usage.Snapshot before;

        App(final String id, final Topology topology, final StreamsAppConfig config) {
            this.id = id;
            this.stateDir = dir.resolve("streams").resolve(id);
            this.streams = new KafkaStreams(topology, config.kafkaProperties());
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            this.before = Usage.snapshot();
            this.started = System.nanoTime();
            streams.start();
        }

        Path stateDir() {
            return stateDir;
        }

        void checkAlive() {
            if (failure.get() != null) {
                throw new IllegalStateException(id + " failed: " + failure.get().getMessage(), failure.get());
            }
            final KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR
                    || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new IllegalStateException(id + " stopped (" + state + ")");
            }
        }

        void awaitRunning() throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (streams.state() != KafkaStreams.State.RUNNING) {
                checkAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(id + " did not reach RUNNING in 120 s");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }

        /**
         * Waits until the group's committed offsets reach the end of {@code input} and of every repartition topic of
         * the app, and returns the rate from start.
         */
        Rate awaitConsumed(final String input, final long records, final String name) throws Exception {
            awaitRunning();
            final long running = System.nanoTime() - started;
            long lastProgress = System.nanoTime();
            long lastReport = System.nanoTime();
            long lastCommitted = -1;
            while (true) {
                checkAlive();
                final Progress progress = progress(input);
                if (progress.done()) {
                    return new Rate(records, System.nanoTime() - started, running, before.until(Usage.snapshot()));
                }
                final long now = System.nanoTime();
                if (progress.committed() != lastCommitted) {
                    lastCommitted = progress.committed();
                    lastProgress = now;
                } else if (now - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(
                            id + " made no progress for " + STALL_TIMEOUT.toSeconds() + " s at " + progress);
                }
                if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = now;
                    StreamsBench.this.progress.printf(
                            "  %s: %,d of %,d input records committed after %.0f s (%s)%n",
                            name, progress.inputCommitted(), records, (now - started) / 1e9, progress);
                    StreamsBench.this.progress.flush();
                }
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            }
        }

        private Progress progress(final String input) throws Exception {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            final Set<String> repartitions = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(id + "-") && t.endsWith("-repartition"))
                    .collect(Collectors.toSet());
            final Set<String> topics = new java.util.HashSet<>(repartitions);
            topics.add(input);
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            final Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            long inputCommitted = 0;
            long inputEnd = 0;
            long internalCommitted = 0;
            long internalBehind = 0;
            for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                final OffsetAndMetadata offset = committed.get(end.getKey());
                final long at = offset == null ? 0 : offset.offset();
                if (end.getKey().topic().equals(input)) {
                    inputCommitted += at;
                    inputEnd += end.getValue();
                } else {
                    internalCommitted += at;
                    internalBehind += Math.max(0, end.getValue() - at);
                }
            }
            return new Progress(inputCommitted, inputEnd, internalCommitted, internalBehind);
        }

        /** How many keys a store holds over all tasks, counted through interactive queries. */
        long countKeys(final String store) {
            long count = 0;
            try (KeyValueIterator<Object, Object> all = streams.store(
                            StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .all()) {
                while (all.hasNext()) {
                    all.next();
                    count++;
                }
            }
            return count;
        }

        /**
         * RocksDB's memory (memtables, block caches, index and filter blocks) summed over all stores, and the memtables
         * per store, from the {@code stream-state-metrics} Kafka Streams records at the INFO level.
         */
        Map<String, Double> rocksDbFigures() {
            final Map<String, Double> sums = new TreeMap<>();
            final Set<String> wanted = Set.of("size-all-mem-tables", "block-cache-usage", "estimate-table-readers-mem");
            for (final Map.Entry<MetricName, ? extends Metric> metric :
                    streams.metrics().entrySet()) {
                final MetricName name = metric.getKey();
                if (wanted.contains(name.name()) && metric.getValue().metricValue() instanceof Number n) {
                    sums.merge(OFF_HEAP, n.doubleValue(), Double::sum);
                    if (name.name().equals("size-all-mem-tables")) {
                        sums.merge(name.tags().getOrDefault("rocksdb-state-id", "?"), n.doubleValue(), Double::sum);
                    }
                }
            }
            return sums;
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(60));
        }
    }

    /**
     * Where an app stands: committed offsets of the input, and of the repartition topics with how many of their
     * offsets are not committed yet.
     */
    private record Progress(long inputCommitted, long inputEnd, long internalCommitted, long internalBehind) {

        /** Grows whenever the app commits anything, on the input or on a repartition topic. */
        long committed() {
            return inputCommitted + internalCommitted;
        }

        boolean done() {
            return inputCommitted >= inputEnd && internalBehind == 0;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "input %,d/%,d, repartition offsets behind %,d",
                    inputCommitted,
                    inputEnd,
                    internalBehind);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long residentSetBytes() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long directorySize(final Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(StreamsBench::size)
                    .sum();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes on disk per store directory name (summed over tasks). */
    private static Map<String, Long> storeSizes(final Path appStateDir) throws IOException {
        final Map<String, Long> sizes = new TreeMap<>();
        if (!Files.exists(appStateDir)) {
            return sizes;
        }
        try (Stream<Path> tasks = Files.list(appStateDir)) {
            for (final Path task : tasks.filter(Files::isDirectory).toList()) {
                final Path rocksdb = task.resolve("rocksdb");
                if (!Files.isDirectory(rocksdb)) {
                    continue;
                }
                try (Stream<Path> stores = Files.list(rocksdb)) {
                    stores.forEach(
                            store -> sizes.merge(store.getFileName().toString(), directorySize(store), Long::sum));
                }
            }
        }
        return sizes;
    }

    private static long size(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException e) {
            return 0; // a RocksDB file deleted by compaction between walk and size
        }
    }

    private static void deleteRecursively(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String machine() {
        final Runtime runtime = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                "%d cores, Java %s (%s), max heap %,d MiB, load average %.2f",
                runtime.availableProcessors(),
                Runtime.version(),
                System.getProperty("java.vm.name"),
                runtime.maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Report

    private void report(final Results r) {
        out.println();
        out.println("== results ==");
        if (r.raw != null) {
            out.printf("(a)  plain consumer (byte[])     %,10.0f records/s%n", r.raw.perSecond());
            out.printf("(a') plain consumer + Avro       %,10.0f records/s%n", r.rawAvro.perSecond());
        }
        if (r.minimal != null) {
            out.printf("(b)  minimal aggregate (EOS)     %,10.0f records/s%n", r.minimal.perSecond());
        }
        if (r.full != null) {
            out.printf("(c)  full topology (EOS)         %,10.0f records/s%n", r.full.perSecond());
        }
        if (r.raw != null && r.minimal != null) {
            out.printf(
                    "minimal / raw                   %10.3f   (Streams ceiling; measured before at 0.08-0.10)%n",
                    r.minimal.perSecond() / r.raw.perSecond());
        }
        if (r.raw != null && r.full != null) {
            out.printf("full / raw                      %10.3f%n", r.full.perSecond() / r.raw.perSecond());
        }
        if (r.minimal != null && r.full != null) {
            final double ratio = r.full.perSecond() / r.minimal.perSecond();
            out.printf(
                    "full / minimal                  %10.3f   target >= %.2f: %s%n",
                    ratio, TARGET_FULL_OF_MINIMAL, ratio >= TARGET_FULL_OF_MINIMAL ? "target met" : "target MISSED");
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
            s.keys.forEach((store, keys) -> out.printf(
                    "  %-28s %,10d keys, %,.1f MiB on disk after close, %,.1f MiB in RocksDB memtables while running%n",
                    store,
                    keys,
                    s.stores.getOrDefault(store, 0L) / (double) (1 << 20),
                    s.rocksdb.getOrDefault(store, 0.0) / (1 << 20)));
            out.printf(
                    "RocksDB off-heap memory         %,10.1f MiB (memtables, block caches, index and filter blocks of"
                            + " all stores)%n",
                    s.rocksdb.getOrDefault(OFF_HEAP, 0.0) / (1 << 20));
        }
        out.flush();
    }

    /** What was written to a topic. */
    private record Written(long records, long bytes, long nanos, long startMillis) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    /** Records consumed in a time, and how much of it was start-up. */
    record Rate(long records, long nanos, long startupNanos, Usage usage) {

        double perSecond() {
            return records / (nanos / 1e9);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d records in %.1f s = %,.0f records/s%s",
                    records,
                    nanos / 1e9,
                    perSecond(),
                    startupNanos > 0
                            ? String.format(Locale.ROOT, " (%.1f s of it to RUNNING)", startupNanos / 1e9)
                            : "");
        }
    }

    /** Latencies in milliseconds, sorted. */
    private record Latency(long sent, long received, long[] latencies, double seconds) {

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
            Rate consumed,
            long heapBefore,
            long heapAfter,
            long stateBytes,
            Map<String, Long> keys,
            Map<String, Long> stores,
            Map<String, Double> rocksdb,
            long rss) {}

    /** Everything measured; a phase that was skipped stays null. */
    private static final class Results {
        Written produced;
        Rate raw;
        Rate rawAvro;
        Rate minimal;
        Rate full;
        long fullStateBytes;
        Latency latency;
        State state;
    }
}
