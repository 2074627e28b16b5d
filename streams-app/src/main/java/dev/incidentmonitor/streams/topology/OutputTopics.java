package dev.incidentmonitor.streams.topology;

import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics the streams-app writes (and its input, so the app can start before the ingest-service), with
 * the settings their consumers rely on: {@code incidents} and {@code service-reliability} are compacted (the latest
 * value per key is the state), {@code incident-events} and the dead-letter topic keep everything. Existing topics
 * are left as they are. Internal topics (changelogs, repartition) are Kafka Streams' own business.
 */
public final class OutputTopics {

    private OutputTopics() {}

    /**
     * Creates the missing topics.
     *
     * @return the names of the topics this call created
     */
    public static List<String> ensureExist(final Admin admin, final StreamsAppConfig config) {
        final int partitions = config.getInt(StreamsAppConfig.TOPIC_PARTITIONS);
        final short replication = config.getShort(StreamsAppConfig.TOPIC_REPLICATION);
        final Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                "0");
        final Map<String, String> kept = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                "-1");
        final List<NewTopic> wanted = List.of(
                new NewTopic(config.getString(StreamsAppConfig.INCIDENT_UPDATES_TOPIC), partitions, replication)
                        .configs(kept),
                new NewTopic(config.getString(StreamsAppConfig.INCIDENTS_TOPIC), partitions, replication)
                        .configs(compacted),
                new NewTopic(config.getString(StreamsAppConfig.INCIDENT_EVENTS_TOPIC), partitions, replication)
                        .configs(kept),
                new NewTopic(config.getString(StreamsAppConfig.SERVICE_RELIABILITY_TOPIC), partitions, replication)
                        .configs(compacted),
                new NewTopic(config.getString(StreamsAppConfig.DEAD_LETTER_TOPIC), partitions, replication)
                        .configs(kept),
                new NewTopic(config.getString(StreamsAppConfig.COMPONENT_CHANGES_TOPIC), partitions, replication)
                        .configs(kept),
                new NewTopic(config.getString(StreamsAppConfig.DAILY_AVAILABILITY_TOPIC), partitions, replication)
                        .configs(compacted),
                new NewTopic(config.getString(StreamsAppConfig.COOCCURRENCE_TOPIC), partitions, replication)
                        .configs(compacted));
        try {
            final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            final List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            final List<String> created = new ArrayList<>();
            for (final var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + entry.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e);
                    }
                }
            }
            return created;
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot reach Kafka to create the streams-app topics: " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the streams-app topics", e);
        }
    }
}
