package dev.incidentmonitor.local;

import dev.incidentmonitor.embedded.EmbeddedKafka;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.serde.AvroDeserializer;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.serde.AvroSerializer;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * What every Kafka Streams benchmark runs on: an embedded broker and the real schema registry in this JVM, an admin
 * client, and a directory for both and for the apps' state; with the means to fill a topic fast, read one back,
 * configure and start an app, and print rates and state the same way in every benchmark.
 *
 * <p>Why in one place: {@code bench streams} and {@code bench availability} measure a topology against the minimal
 * aggregate in the same run, and their figures only compare across benchmarks when both produce, run and measure
 * alike.
 */
final class BenchRig implements AutoCloseable {

    /** Record timestamps are event times up to a year old: time-based retention would delete them at once. */
    static final Map<String, String> KEEP = Map.of("retention.ms", "-1");

    private static final Duration POLL = Duration.ofMillis(100);

    private final Path dir;
    private final boolean temporary;
    /** {@code log.segment.bytes} of the benchmarks' broker: Kafka's default. */
    static final int BROKER_SEGMENT_BYTES = 1 << 30;

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final Admin admin;
    private final PrintWriter progress;

    private BenchRig(
            final Path dir,
            final boolean temporary,
            final EmbeddedKafka kafka,
            final EmbeddedSchemaRegistry registry,
            final PrintWriter progress) {
        this.dir = dir;
        this.temporary = temporary;
        this.kafka = kafka;
        this.registry = registry;
        this.progress = progress;
        this.admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /**
     * Starts the broker and the registry in {@code options.dataDir} (or a temporary directory named after {@code
     * name}, deleted on {@link #close()}).
     *
     * @param progress where progress lines of the apps go (standard error: they are not figures)
     */
    static BenchRig start(final StreamsBenchOptions options, final String name, final PrintWriter progress)
            throws IOException {
        final boolean temporary = options.dataDir == null;
        final Path dir = temporary
                ? Files.createTempDirectory("incident-monitor-bench-" + name + "-")
                : Files.createDirectories(options.dataDir.toAbsolutePath());
        EmbeddedKafka kafka = null;
        try {
            kafka = EmbeddedKafka.builder()
                    .dataDir(dir.resolve("kafka"))
                    .port(0)
                    // A production broker's segments (Kafka's default, 1 GiB), not the embedded default of 8 MiB
                    // that lets tests see compaction: with those, the log cleaner rewrote the compacted outputs and
                    // changelogs again and again during a run, on the same two cores as the apps it measures.
                    .brokerProperty("log.segment.bytes", Integer.toString(BROKER_SEGMENT_BYTES))
                    .start();
            final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                    options.registryHome == null ? EmbeddedSchemaRegistry.defaultHome() : options.registryHome,
                    EmbeddedKafka.HOST,
                    0,
                    dir.resolve("registry.log"));
            return new BenchRig(dir, temporary, kafka, registry, progress);
        } catch (final RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (temporary) {
                deleteRecursively(dir);
            }
            throw e;
        }
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    String registryUrl() {
        return registry.ccompatUrl();
    }

    /** Creates a topic that keeps its records whatever their timestamps. */
    void createTopic(final String topic, final int partitions) {
        kafka.createTopic(topic, partitions, KEEP);
    }

    /**
     * Writes the source's records with a plain idempotent producer (no transactions: filling the topic is not what is
     * measured) through the project's Avro serializer, against the real registry.
     *
     * @param perSecond with more than 0, the sends are paced at this rate; else as fast as the producer takes them
     * @param toRecord makes each record at the moment it is sent (after pacing), so it may stamp the send time
     */
    <V extends SpecificRecord> Written produce(
            final String topic,
            final Iterator<V> source,
            final int perSecond,
            final Function<V, ProducerRecord<String, V>> toRecord) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, perSecond > 0 ? 1 : 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl());
        final AvroSerializer<V> values = new AvroSerializer<>();
        values.configure(props, false);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicLong bytes = new AtomicLong();
        long records = 0;
        final long startMillis = System.currentTimeMillis();
        final long started = System.nanoTime();
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            while (source.hasNext() && failure.get() == null) {
                final V value = source.next();
                if (perSecond > 0) {
                    final long due = started + records * 1_000_000_000L / perSecond;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(toRecord.apply(value), (metadata, e) -> {
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

    /** An Avro deserializer of {@code type} against the rig's registry. */
    <V extends SpecificRecord> Deserializer<V> avroDeserializer(final Class<V> type) {
        final AvroDeserializer<V> deserializer = new AvroDeserializer<>(type);
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl()), false);
        return deserializer;
    }

    /**
     * Reads a whole topic once (committed records only) with a plain consumer, hands every record to {@code each},
     * and returns how many there were in how long.
     */
    <K, V> Rate read(
            final String topic,
            final Deserializer<K> keys,
            final Deserializer<V> values,
            final BiConsumer<? super K, ? super V> each) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
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
                for (final ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                    each.accept(record.key(), record.value());
                    records++;
                }
            }
            final long nanos = System.nanoTime() - started;
            return new Rate(records, nanos, 0, before.until(Usage.snapshot()));
        }
    }

    /**
     * Settings of one Streams app: its own id and state directory, its topics named {@code <applicationId>-<topic>}
     * (so apps in one broker never share one), the benchmark's Streams settings, then {@code overrides} (an input
     * topic, an {@code app.*} setting); a processing error stops the app rather than going to the dead letters.
     */
    StreamsAppConfig config(
            final String applicationId,
            final int partitions,
            final Map<String, Object> streamsSettings,
            final Map<String, Object> overrides) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot().toString());
        settings.putAll(streamsSettings);
        for (final String topic : StreamsAppConfig.TOPIC_SETTINGS) {
            settings.put(
                    topic,
                    applicationId + "-"
                            + StreamsAppConfig.definition().configKeys().get(topic).defaultValue);
        }
        settings.put(StreamsAppConfig.TOPIC_PARTITIONS, partitions);
        settings.put(StreamsAppConfig.PROCESSING_ERRORS, StreamsAppConfig.ERRORS_FAIL);
        settings.putAll(overrides);
        return new StreamsAppConfig(settings);
    }

    /** Starts an app with the config of {@link #config}, on a collected heap. */
    BenchApp start(final Topology topology, final StreamsAppConfig config) {
        // Each app starts on a heap cleared of the apps before it in this JVM (they are closed, their garbage is not),
        // so that none pays for another's in G1's mixed collections, which took ~100 ms pauses here.
        System.gc();
        return new BenchApp(topology, config, stateRoot(), admin, progress);
    }

    /**
     * Runs an app until it has consumed {@code records} of {@code input} (see {@link BenchApp#awaitConsumed}), waits
     * {@code settle} for what a punctuation publishes after the last record (not part of the rate), counts the keys
     * of {@code stores} and runs {@code whileRunning} while it still runs, closes it and measures its state on disk.
     *
     * @param name what progress lines call the app
     */
    AppRun run(
            final String name,
            final Topology topology,
            final StreamsAppConfig config,
            final String input,
            final long records,
            final List<String> stores,
            final Duration settle,
            final Consumer<BenchApp> whileRunning)
            throws Exception {
        final Rate rate;
        final Map<String, Long> keys = new LinkedHashMap<>();
        final Path stateDir;
        try (BenchApp app = start(topology, config)) {
            rate = app.awaitConsumed(input, records, name);
            Thread.sleep(settle.toMillis());
            for (final String store : stores) {
                keys.put(store, app.countKeys(store));
            }
            whileRunning.accept(app);
            stateDir = app.stateDir();
        }
        // after close, which flushes RocksDB's memtables to disk
        return new AppRun(rate, keys, storeSizes(stateDir), directorySize(stateDir));
    }

    Admin admin() {
        return admin;
    }

    private Path stateRoot() {
        return dir.resolve("streams");
    }

    @Override
    public void close() throws IOException {
        try {
            admin.close();
            registry.close();
            kafka.close();
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Printing, so every benchmark reads alike

    /**
     * A run's rate, its CPU by thread group and, when the broker took anything in, the topics it took most bytes in
     * for.
     */
    static void printRun(final PrintWriter out, final String name, final Rate rate) {
        out.printf("%-18s %s%n", name, rate);
        out.printf("%-18s %s%n", "", rate.usage().cpuLine());
        out.flush();
        if (rate.usage().bytesIn().isEmpty()) {
            return; // a plain read: the broker took nothing in
        }
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

    /** A result line of a rate: {@code (b)  minimal aggregate (EOS)     12,345 records/s}. */
    static void printRate(final PrintWriter out, final String label, final Rate rate) {
        out.printf("%-32s %,10.0f records/s%n", label, rate.perSecond());
    }

    /** A result line of a ratio, with what it means after it (may be empty). */
    static void printRatio(final PrintWriter out, final String label, final double ratio, final String note) {
        out.printf("%-32s%10.3f%s%n", label, ratio, note.isEmpty() ? "" : "   " + note);
    }

    /**
     * One line per store: keys, bytes on disk after close and, where known, RocksDB memtables while running.
     *
     * @param keys keys per store, in the order to print
     * @param onDisk bytes per store directory name after close, from {@link #storeSizes(Path)}
     * @param memtables bytes per store, from {@link BenchApp#rocksDbFigures()}; empty to leave them out
     */
    static void printStores(
            final PrintWriter out,
            final Map<String, Long> keys,
            final Map<String, Long> onDisk,
            final Map<String, Double> memtables) {
        keys.forEach((store, count) -> out.printf(
                "  %-28s %,10d keys, %,.1f MiB on disk after close%s%n",
                store,
                count,
                onDisk.getOrDefault(store, 0L) / (double) (1 << 20),
                memtables.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", %,.1f MiB in RocksDB memtables while running",
                                memtables.getOrDefault(store, 0.0) / (1 << 20))));
    }

    /** The machine, Java and load, for the first line of a benchmark's output. */
    static String machine() {
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
    // Memory and state on disk

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long residentSetBytes() {
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
            return files.filter(Files::isRegularFile).mapToLong(BenchRig::size).sum();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes on disk per store directory name (summed over tasks) of an app's state directory. */
    static Map<String, Long> storeSizes(final Path appStateDir) throws IOException {
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

    /** What was written to a topic. */
    record Written(long records, long bytes, long nanos, long startMillis) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    /**
     * An app's run: its rate, the keys of the stores asked for, and its state on disk after close.
     *
     * @param storeBytes bytes on disk per store directory name
     * @param stateBytes bytes of the app's whole state directory (stores, checkpoints)
     */
    record AppRun(Rate rate, Map<String, Long> keys, Map<String, Long> storeBytes, long stateBytes) {}

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
}
