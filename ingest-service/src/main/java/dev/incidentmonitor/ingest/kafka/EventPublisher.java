package dev.incidentmonitor.ingest.kafka;

import dev.incidentmonitor.ingest.events.ChangeSet;
import dev.incidentmonitor.ingest.events.KeyedEvent;
import dev.incidentmonitor.ingest.events.ProgressEntry;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.AvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes change sets (events plus the progress that records them) in Kafka transactions: the events of a change set
 * and its progress become visible together or not at all. Idempotent, {@code acks=all}.
 *
 * <p>Values are Avro in the Confluent wire format (subjects {@code <topic>-value}); keys are plain strings, which
 * every client reads without a registry. Progress records are strings, routed to the provider's progress partition.
 */
final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final IngestTopics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<IncidentUpdate> updateSerializer = new AvroSerializer<>();
    private final AvroSerializer<ComponentStatusChange> changeSerializer = new AvroSerializer<>();
    private final int progressPartitions;
    private boolean fenced;

    EventPublisher(final Map<String, Object> kafkaConfig, final IngestTopics topics, final String transactionalId) {
        this.topics = topics;
        updateSerializer.configure(kafkaConfig, false);
        changeSerializer.configure(kafkaConfig, false);
        final Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.progressPartitions = producer.partitionsFor(topics.progress()).size();
    }

    /** Binds the producer's client metrics; close the returned binder when done. */
    KafkaClientMetrics bindMetrics(final MeterRegistry registry) {
        final KafkaClientMetrics binder = new KafkaClientMetrics(producer);
        binder.bindTo(registry);
        return binder;
    }

    void initTransactions() {
        producer.initTransactions();
    }

    boolean isFenced() {
        return fenced;
    }

    /**
     * Publishes change sets in one transaction.
     *
     * @param changes what to publish
     * @param offsets the consumer-group offsets to commit with it (may be empty), for fencing across rebalances
     * @param group the group metadata of the progress consumer, or {@code null} when there is no group (an import)
     * @throws KafkaException when the transaction could not be committed; it was aborted and nothing is visible
     */
    void publish(
            final List<ChangeSet> changes,
            final Supplier<Map<TopicPartition, OffsetAndMetadata>> offsets,
            final ConsumerGroupMetadata group) {
        try {
            producer.beginTransaction();
            for (final ChangeSet change : changes) {
                send(change);
            }
            if (group != null) {
                final Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.get();
                if (!toCommit.isEmpty()) {
                    producer.sendOffsetsToTransaction(toCommit, group);
                }
            }
            producer.commitTransaction();
        } catch (final ProducerFencedException e) {
            fenced = true;
            throw e;
        } catch (final KafkaException e) {
            abortQuietly();
            throw e;
        }
    }

    private void send(final ChangeSet change) {
        final long now = System.currentTimeMillis();
        for (final KeyedEvent<IncidentUpdate> event : change.incidentUpdates()) {
            producer.send(new ProducerRecord<>(
                    topics.incidentUpdates(),
                    null,
                    recordTimestamp(event, now),
                    event.key(),
                    updateSerializer.serialize(topics.incidentUpdates(), event.value())));
        }
        for (final KeyedEvent<ComponentStatusChange> event : change.componentChanges()) {
            producer.send(new ProducerRecord<>(
                    topics.componentStatusChanges(),
                    null,
                    recordTimestamp(event, now),
                    event.key(),
                    changeSerializer.serialize(topics.componentStatusChanges(), event.value())));
        }
        for (final ProgressEntry entry : change.progress()) {
            producer.send(new ProducerRecord<>(
                    topics.progress(),
                    ProgressPartitions.partitionFor(entry.provider(), progressPartitions),
                    entry.key(),
                    entry.value().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The record timestamp is the event time, but never later than now: a page that posts a time in the future (or
     * the simulator's fast clock) would otherwise have the whole transaction refused by the broker's {@code
     * message.timestamp.after.max.ms}, again at every poll. The value keeps the page's own time.
     */
    private static long recordTimestamp(final KeyedEvent<?> event, final long now) {
        return Math.min(event.timestamp().toEpochMilli(), now);
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (final KafkaException e) {
            LOG.warn("aborting the transaction failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        updateSerializer.close();
        changeSerializer.close();
    }
}
