package dev.incidentmonitor.ingest.kafka;

import dev.incidentmonitor.ingest.events.ChangeDetector;
import dev.incidentmonitor.ingest.events.ChangeSet;
import dev.incidentmonitor.ingest.events.InMemoryPublishedState;
import dev.incidentmonitor.ingest.events.ProgressEntry;
import dev.incidentmonitor.ingest.history.ImportResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Publishes imported history through the same change detection and the same transactional publisher as live polling,
 * so history and live data are the same kind of events and importing twice publishes nothing new.
 *
 * <p>It reads the whole progress topic first (what any instance ever published), then publishes what is missing in
 * one transaction with its progress: an import is all or nothing, so one that stops half way publishes nothing and
 * simply runs again. The study's whole dataset is about ten thousand small records, far inside what one transaction
 * holds.
 */
public final class HistoryPublisher {

    private final Map<String, Object> kafkaConfig;
    private final IngestTopics topics;

    /**
     * @param kafkaConfig client settings ({@code bootstrap.servers}, security, {@code schema.registry.url})
     * @param topics the topics to publish to; they must exist
     */
    public HistoryPublisher(final Map<String, Object> kafkaConfig, final IngestTopics topics) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.topics = topics;
    }

    /** What an import published. */
    public record Outcome(int incidentUpdates, int componentChanges, int alreadyPublishedBefore) {}

    /**
     * Publishes what of {@code result} was not published before.
     *
     * @param result the imported data
     * @param progress receives progress lines, for the command line
     * @return counts of what was published
     */
    public Outcome publish(final ImportResult result, final Consumer<String> progress) {
        try (EventPublisher publisher = new EventPublisher(kafkaConfig, topics, "incident-monitor-import")) {
            // First: this completes (or aborts) a previous import's transaction, so the progress read next is final.
            publisher.initTransactions();
            final InMemoryPublishedState state = readProgress();
            final ChangeSet all = new ChangeDetector().detectHistory(result, state);
            if (!all.progress().isEmpty()) {
                progress.accept(String.format("publishing %,d events in one transaction ...", all.eventCount()));
                publisher.publish(List.of(all), Map::of, null);
            }
            return new Outcome(
                    all.incidentUpdates().size(), all.componentChanges().size(), state.size());
        }
    }

    private InMemoryPublishedState readProgress() {
        final Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "incident-monitor-import-progress");
        final InMemoryPublishedState state = new InMemoryPublishedState();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topics.progress()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (!caughtUp(consumer, ends)) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        state.apply(ProgressEntry.parse(record.key(), record.value()));
                    }
                }
            }
        }
        return state;
    }

    private static boolean caughtUp(
            final KafkaConsumer<String, String> consumer, final Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
