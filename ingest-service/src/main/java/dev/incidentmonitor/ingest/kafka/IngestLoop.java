package dev.incidentmonitor.ingest.kafka;

import dev.incidentmonitor.ingest.events.ChangeDetector;
import dev.incidentmonitor.ingest.events.ChangeSet;
import dev.incidentmonitor.ingest.events.InMemoryPublishedState;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.schema.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of an ingest instance that talks to Kafka: it restores what was already published, turns submitted
 * page snapshots into events, and publishes events and progress together in one transaction.
 *
 * <p>Why this shape:
 *
 * <ul>
 *   <li><b>No duplicates, nothing lost across restarts.</b> Progress (which update, with which content hash, and which
 *       component status was published) lives in a compacted topic and is written in the same transaction as the
 *       events, so either both are visible or neither. At start an instance reads its progress partitions to the end
 *       before it publishes anything for them.
 *   <li><b>Several instances.</b> Instances form a consumer group on the progress topic; a provider belongs to the
 *       instance that owns its progress partition ({@link ProgressPartitions}). Each transaction also commits the
 *       group's offsets with the group metadata, so an instance that lost a partition in a rebalance but still has a
 *       publish in flight is fenced by the group coordinator instead of publishing twice.
 *   <li><b>One thread.</b> The consumer is not thread-safe and a producer runs one transaction at a time, so the
 *       poller only queues snapshots ({@link #submit}); this thread batches whatever is queued into one transaction.
 * </ul>
 *
 * <p>A snapshot that cannot be published (partition owned elsewhere, transaction aborted) is handed back through its
 * {@code onDropped} callback, so the poller forgets its cached bodies and the next poll parses the page again:
 * a page answering "304 Not Modified" can then not hide an update that was never published.
 */
public final class IngestLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);
    /** How long a poll of the progress topic waits for records while partitions are being restored. */
    private static final Duration RESTORE_POLL_TIMEOUT = Duration.ofMillis(20);
    /**
     * How long the loop waits for a submission once everything is restored, before it polls the progress topic again
     * (for rebalances: a new assignment is only seen inside a poll).
     */
    private static final long IDLE_WAIT_MILLIS = 100;

    private final IngestTopics topics;
    private final ChangeDetector detector;
    private final EventPublisher publisher;
    private final KafkaConsumer<String, String> consumer;
    private final IngestMetrics metrics;
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;
    private final ConcurrentLinkedQueue<Submission> queue = new ConcurrentLinkedQueue<>();
    /**
     * One permit per submission: the idle loop waits on it, so a submission is published as soon as it arrives rather
     * than after the loop's next poll timeout.
     */
    private final Semaphore submitted = new Semaphore(0);
    /** Snapshots whose partition is still restoring, newest per provider. Loop thread only. */
    private final Map<String, Submission> waiting = new LinkedHashMap<>();
    /** Progress state per owned partition. Loop thread only. */
    private final Map<Integer, InMemoryPublishedState> states = new HashMap<>();
    /** Owned partitions still being read back, with the offset that ends the restore. Loop thread only. */
    private final Map<Integer, Long> restoring = new HashMap<>();
    /** Partitions this instance owns and has restored; read by the poller's threads. */
    private final Set<Integer> ready = ConcurrentHashMap.newKeySet();

    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int partitions;
    private volatile int restoringCount = 1;

    /**
     * @param kafkaConfig client settings shared by consumer and producer: {@code bootstrap.servers}, security, and
     *     {@code schema.registry.url} for the Avro serializer
     * @param topics the topics to use (they must exist: see {@link IngestTopics#ensureExist})
     * @param groupId consumer group of the ingest instances that share the providers
     * @param instanceId this instance's stable id; it names the transactional id, so it must be unique per instance
     *     and stay the same across restarts of that instance
     * @param detector turns snapshots into events
     * @param metrics where publish figures go
     */
    public IngestLoop(
            final Map<String, Object> kafkaConfig,
            final IngestTopics topics,
            final String groupId,
            final String instanceId,
            final ChangeDetector detector,
            final MeterRegistry metrics) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.metrics = new IngestMetrics(metrics);
        this.consumer = new KafkaConsumer<>(consumerConfig(kafkaConfig, groupId, instanceId));
        this.publisher = new EventPublisher(kafkaConfig, topics, "incident-monitor-ingest-" + instanceId);
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        this.consumerMetrics.bindTo(metrics);
        this.producerMetrics = publisher.bindMetrics(metrics);
        this.thread = new Thread(this::run, "ingest-loop");
        this.metrics.ownedPartitions(ready::size);
    }

    /** Starts the loop thread: joins the group, restores progress, then publishes what is submitted. */
    public void start() {
        publisher.initTransactions();
        thread.start();
    }

    /**
     * Queues a snapshot of a page for publishing. Thread-safe and non-blocking.
     *
     * @param provider catalogue id of the page's provider
     * @param snapshot what the poll saw
     * @param source where the snapshot came from (live poll or simulator)
     * @param onDropped called (on the loop thread) when the snapshot will not be published: the caller must make sure
     *     the same content is offered again later (the poller forgets its cached bodies)
     */
    public void submit(
            final String provider, final PageSnapshot snapshot, final EventSource source, final Runnable onDropped) {
        queue.add(new Submission(provider, snapshot, source, onDropped, System.nanoTime()));
        submitted.release();
    }

    /**
     * Whether this instance currently publishes for a provider: it owns the provider's progress partition and has
     * read it back. The poller skips providers this instance does not own.
     */
    public boolean owns(final String provider) {
        final int count = partitions;
        return count > 0 && ready.contains(ProgressPartitions.partitionFor(provider, count));
    }

    /** The progress partitions this instance owns and has restored. */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(ready);
    }

    /** Whether every partition this instance owns has been restored (a readiness signal). */
    public boolean isRestored() {
        return partitions > 0 && restoringCount == 0;
    }

    private void run() {
        try {
            partitions = consumer.partitionsFor(topics.progress()).size();
            consumer.subscribe(List.of(topics.progress()), new Rebalance());
            while (running) {
                for (final ConsumerRecord<String, String> record :
                        consumer.poll(restored() ? Duration.ZERO : RESTORE_POLL_TIMEOUT)) {
                    final InMemoryPublishedState state = states.get(record.partition());
                    if (state != null && record.value() != null) {
                        applyProgress(state, record);
                    }
                }
                finishRestores();
                if (restored() && queue.isEmpty()) {
                    awaitSubmission();
                }
                submitted.drainPermits();
                publishQueued();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("ingest loop interrupted; stopping");
        } catch (final WakeupException e) {
            if (running) {
                LOG.error("ingest loop woken up unexpectedly; stopping", e);
            }
        } catch (final RuntimeException e) {
            LOG.error("ingest loop failed and stops: {}", e.toString(), e);
        } finally {
            drop(queue);
            drop(waiting.values());
            closeQuietly();
            stopped.countDown();
        }
    }

    /** Whether the loop owns partitions and has read them all back. Loop thread only. */
    private boolean restored() {
        return restoring.isEmpty() && !states.isEmpty();
    }

    /**
     * Waits until something is submitted or the idle wait has passed. Once its partitions are restored, the loop reads
     * the progress topic only to follow rebalances (and its own writes), so it waits on submissions rather than on
     * the consumer: a poll with a timeout held every submission back by up to that timeout.
     */
    private void awaitSubmission() throws InterruptedException {
        // Woken or timed out, the loop goes on the same way; it drains the other permits before publishing.
        submitted.tryAcquire(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void applyProgress(final InMemoryPublishedState state, final ConsumerRecord<String, String> record) {
        try {
            state.apply(dev.incidentmonitor.ingest.events.ProgressEntry.parse(record.key(), record.value()));
        } catch (final IllegalArgumentException e) {
            // A record this version cannot read is skipped, not fatal: at worst its event is published again.
            LOG.warn(
                    "skipping unreadable progress record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    private void finishRestores() {
        if (restoring.isEmpty()) {
            return;
        }
        restoring.entrySet().removeIf(entry -> {
            final TopicPartition partition = new TopicPartition(topics.progress(), entry.getKey());
            if (consumer.position(partition) < entry.getValue()) {
                return false;
            }
            // Commit markers of a transaction that had just committed may land while we read: if the stable end
            // moved, read on to it before publishing anything for this partition.
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            if (end > entry.getValue()) {
                entry.setValue(end);
                return false;
            }
            ready.add(entry.getKey());
            LOG.info(
                    "progress partition {} restored ({} entries)",
                    entry.getKey(),
                    states.get(entry.getKey()).size());
            return true;
        });
        restoringCount = restoring.size();
        if (restoring.isEmpty() && !waiting.isEmpty()) {
            queue.addAll(waiting.values());
            waiting.clear();
        }
    }

    private void publishQueued() {
        final List<Submission> batch = new ArrayList<>();
        final List<ChangeSet> changes = new ArrayList<>();
        Submission next;
        while ((next = queue.poll()) != null) {
            final int partition = ProgressPartitions.partitionFor(next.provider(), partitions);
            if (restoring.containsKey(partition)) {
                waiting.put(next.provider(), next);
                continue;
            }
            final InMemoryPublishedState state = states.get(partition);
            if (state == null) {
                next.onDropped().run(); // another instance owns this provider now
                continue;
            }
            final ChangeSet change = detector.detect(
                    next.snapshot(), state, next.source(), next.snapshot().observedAt());
            if (change.progress().isEmpty()) {
                metrics.recordPollToPublish(next.submittedNanos());
                continue;
            }
            batch.add(next);
            changes.add(change);
            // Apply now so a second snapshot of the same page in this batch is compared with the first.
            change.progress().forEach(state::apply);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            publisher.publish(changes, this::offsetsToCommit, consumer.groupMetadata());
            batch.forEach(s -> metrics.recordPollToPublish(s.submittedNanos()));
            changes.forEach(metrics::recordPublished);
        } catch (final KafkaException e) {
            LOG.warn("publishing {} snapshot(s) failed, they will be polled again: {}", batch.size(), e.toString());
            // The local state ran ahead of what is committed: rebuild it from the topic.
            reassignAll();
            drop(batch);
            if (publisher.isFenced()) {
                throw e;
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final TopicPartition partition : consumer.assignment()) {
            offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        return offsets;
    }

    private void reassignAll() {
        final Collection<TopicPartition> owned = new ArrayList<>(consumer.assignment());
        restore(owned);
    }

    private void restore(final Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        consumer.seekToBeginning(assigned);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (final TopicPartition partition : assigned) {
            states.put(partition.partition(), new InMemoryPublishedState());
            ready.remove(partition.partition());
            restoring.put(partition.partition(), ends.get(partition));
        }
        restoringCount = restoring.size();
    }

    private static void drop(final Collection<Submission> submissions) {
        for (final Submission submission : submissions) {
            try {
                submission.onDropped().run();
            } catch (final RuntimeException e) {
                LOG.warn("onDropped callback failed: {}", e.toString());
            }
        }
        submissions.clear();
    }

    private void closeQuietly() {
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } catch (final RuntimeException e) {
            LOG.warn("closing the progress consumer failed: {}", e.toString());
        }
        publisher.close();
    }

    /** Stops the loop, leaving the group so the other instances take over its providers at once. */
    @Override
    public void close() {
        running = false;
        submitted.release();
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("ingest loop did not stop within 30 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
        consumerMetrics.close();
        producerMetrics.close();
    }

    private static Map<String, Object> consumerConfig(
            final Map<String, Object> kafkaConfig, final String groupId, final String instanceId) {
        final Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "incident-monitor-ingest-" + instanceId + "-progress");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }

    private record Submission(
            String provider, PageSnapshot snapshot, EventSource source, Runnable onDropped, long submittedNanos) {}

    /** Runs on the loop thread, inside {@code consumer.poll}. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> revoked) {
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> lost) {
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> assigned) {
            LOG.info(
                    "owning progress partitions {}",
                    assigned.stream().map(TopicPartition::partition).sorted().toList());
            restore(assigned);
        }

        private void forget(final Collection<TopicPartition> partitionsGone) {
            for (final TopicPartition partition : partitionsGone) {
                ready.remove(partition.partition());
                states.remove(partition.partition());
                restoring.remove(partition.partition());
            }
            restoringCount = restoring.size();
        }
    }
}
