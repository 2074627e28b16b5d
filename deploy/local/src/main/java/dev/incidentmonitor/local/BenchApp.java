package dev.incidentmonitor.local;

import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.metrics.StateMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * One Kafka Streams app of a benchmark, started at construction, with the means to tell when it has consumed all its
 * input and to read its state's figures.
 *
 * <p>A run's rate is input records divided by the time from {@link KafkaStreams#start()} until the committed offsets
 * of the app's consumer group reach the end of the input topic <em>and</em> of its repartition topics (read with the
 * admin client every 100 ms). With exactly-once, an offset is committed in the same transaction as the outputs and
 * store changelog records of the records before it, so a committed offset at the end means every output is visible;
 * counting the app's outputs instead would need a consumer competing for the same two cores.
 */
final class BenchApp implements AutoCloseable {

    /** Key of {@link #rocksDbFigures()} under which the off-heap memory of all stores is summed. */
    static final String OFF_HEAP = "(all stores)";

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(180);

    private final String id;
    private final KafkaStreams streams;
    private final Path stateDir;
    private final Admin admin;
    private final PrintWriter progressOut;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long started;
    private final Usage.Snapshot before;

    /**
     * Starts the app.
     *
     * @param stateRoot the {@code state.dir} of {@code config}; the app's state lies below it, in a folder named by
     *     its id
     * @param progressOut where a line goes every 10 s while the app catches up
     */
    BenchApp(
            final Topology topology,
            final StreamsAppConfig config,
            final Path stateRoot,
            final Admin admin,
            final PrintWriter progressOut) {
        this.id = config.applicationId();
        this.stateDir = stateRoot.resolve(id);
        this.admin = admin;
        this.progressOut = progressOut;
        this.streams = new KafkaStreams(topology, config.kafkaProperties());
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.before = Usage.snapshot();
        this.started = System.nanoTime();
        streams.start();
    }

    /** Where the app keeps its state; measure it after {@link #close()}, which flushes RocksDB's memtables. */
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
     * Waits until the group's committed offsets reach the end of {@code input} and of every repartition topic of the
     * app, and returns the rate from start.
     */
    BenchRig.Rate awaitConsumed(final String input, final long records, final String name) throws Exception {
        awaitRunning();
        final long running = System.nanoTime() - started;
        long lastProgress = System.nanoTime();
        long lastReport = System.nanoTime();
        long lastCommitted = -1;
        while (true) {
            checkAlive();
            final Progress progress = progress(input);
            if (progress.done()) {
                return new BenchRig.Rate(records, System.nanoTime() - started, running, before.until(Usage.snapshot()));
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
                progressOut.printf(
                        "  %s: %,d of %,d input records committed after %.0f s (%s)%n",
                        name, progress.inputCommitted(), records, (now - started) / 1e9, progress);
                progressOut.flush();
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
        final Set<String> topics = new HashSet<>(repartitions);
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

    /**
     * Wall time of one refresh of the streams-app's state metrics (what each scrape of {@code /metrics} runs first)
     * over this app's stores through interactive queries, as the app reads them: the median of five, milliseconds.
     */
    double metricsRefreshMillis(final StreamsAppConfig config) {
        final StateMetrics metrics = new StateMetrics(
                new SimpleMeterRegistry(), StateMetrics.Stores.of(streams, config), Clock.systemUTC(), 0);
        final long[] nanos = new long[5];
        for (int i = 0; i < nanos.length; i++) {
            final long start = System.nanoTime();
            metrics.refresh();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
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
     * RocksDB's memory (memtables, block caches, index and filter blocks) summed over all stores under {@link
     * #OFF_HEAP}, and the memtables per store, from the {@code stream-state-metrics} Kafka Streams records at the INFO
     * level.
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

    /**
     * The mean of Kafka Streams' metric {@code group}/{@code name} over the threads, tasks or nodes whose tags
     * include {@code tags}; NaN when none has a value yet. For an {@code -avg} metric of the INFO level (such as {@code
     * stream-processor-node-metrics}/{@code record-e2e-latency-avg} of a sink, or {@code
     * stream-thread-metrics}/{@code commit-latency-avg}), that is the mean over its metrics window ({@code
     * metrics.sample.window.ms} times {@code metrics.num.samples}, 60 s by default), unweighted across instances.
     */
    double meanMetric(final String group, final String name, final Map<String, String> tags) {
        double sum = 0;
        int count = 0;
        for (final Map.Entry<MetricName, ? extends Metric> metric :
                streams.metrics().entrySet()) {
            final MetricName metricName = metric.getKey();
            if (metricName.group().equals(group)
                    && metricName.name().equals(name)
                    && metricName.tags().entrySet().containsAll(tags.entrySet())
                    && metric.getValue().metricValue() instanceof Double value
                    && !value.isNaN()) {
                sum += value;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(60));
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
}
