package dev.incidentmonitor.testkit;

import dev.incidentmonitor.embedded.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What an integration test needs to reach the shared broker and registry; injected as a test or lifecycle
 * method parameter by {@link IncidentMonitorStackExtension}.
 *
 * <p>A handle rather than the services themselves, so tests do not depend on whether Kafka runs in-process or
 * in a container, and cannot stop what other test classes share.
 */
public final class IncidentMonitorStack {

    private final String bootstrapServers;
    private final String schemaRegistryUrl;

    IncidentMonitorStack(String bootstrapServers, String schemaRegistryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
    }

    /**
     * The value for the clients' {@code bootstrap.servers}.
     *
     * @return host:port of the shared broker
     * @throws IllegalStateException when the test class is not annotated with {@link WithKafka}
     */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("no Kafka for this test: annotate the test class with @WithKafka");
        }
        return bootstrapServers;
    }

    /**
     * The Confluent-compatible API of the shared registry, the URL Avro serdes take as
     * {@code schema.registry.url}.
     *
     * @return the ccompat base URL, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}
     * @throws IllegalStateException when the test class is not annotated with {@link WithSchemaRegistry}
     */
    public String schemaRegistryUrl() {
        if (schemaRegistryUrl == null) {
            throw new IllegalStateException(
                    "no schema registry for this test: annotate the test class with @WithSchemaRegistry");
        }
        return schemaRegistryUrl;
    }

    /**
     * Client settings every Kafka client of a test starts from: {@code bootstrap.servers}.
     *
     * @return an immutable map with the bootstrap servers; copy it to add settings
     */
    public Map<String, Object> kafkaClientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * Creates a topic with replication factor 1, or does nothing when it exists already (another test class of
     * the same run may have created it).
     *
     * @param name the topic name
     * @param partitions the number of partitions
     * @param configs topic configs; may be empty
     * @return true when the topic was created, false when it existed
     */
    public boolean createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(kafkaClientConfig())) {
            return Topics.create(admin, name, partitions, configs);
        }
    }

    /**
     * Counts the committed records of a topic (as a {@code read_committed} consumer sees them), reading it from the
     * beginning to its current end.
     *
     * @param topic the topic
     * @return the number of committed records
     */
    public long committedRecordCount(String topic) {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return "IncidentMonitorStack[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + "]";
    }
}
