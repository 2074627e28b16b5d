package dev.incidentmonitor.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics the ingest-service writes, with the settings it creates them with when they do not exist.
 *
 * <p>Event topics keep their records forever ({@code retention.ms=-1}): they are the system's source of truth, so
 * the streams-app can be rebuilt from them at any time, and a year of every page's updates is a few hundred MB. The
 * progress topic is compacted: one record per published update and per component, read back at start so that a
 * restarted (or a new) instance knows what was already published.
 *
 * @param incidentUpdates topic of {@code IncidentUpdate} events, keyed by {@code <provider>:<incident id>}
 * @param componentStatusChanges topic of {@code ComponentStatusChange} events, keyed by {@code <provider>:<component
 *     id>}
 * @param progress compacted topic of what was published (String keys and values)
 * @param partitions partitions of each topic when this service creates it
 * @param replicationFactor replication factor when this service creates a topic (1 on a single local broker)
 */
public record IngestTopics(
        String incidentUpdates,
        String componentStatusChanges,
        String progress,
        int partitions,
        short replicationFactor) {

    /** Default names, as the streams-app expects them. */
    public static final IngestTopics DEFAULTS = new IngestTopics(
            "incident-updates", "component-status-changes", "incident-monitor-ingest-progress", 6, (short) 1);

    public IngestTopics {
        Objects.requireNonNull(incidentUpdates, "incidentUpdates");
        Objects.requireNonNull(componentStatusChanges, "componentStatusChanges");
        Objects.requireNonNull(progress, "progress");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1: " + replicationFactor);
        }
    }

    /**
     * Creates the topics that do not exist yet; existing topics are left as they are (their partition count is read
     * from the broker, never assumed).
     *
     * @param admin an admin client of the target cluster
     * @return the names of the topics created by this call
     */
    public List<String> ensureExist(final Admin admin) {
        final Map<String, String> events = Map.of(
                TopicConfig.RETENTION_MS_CONFIG,
                "-1",
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE);
        final Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                "0");
        final List<NewTopic> wanted = List.of(
                new NewTopic(incidentUpdates, partitions, replicationFactor).configs(events),
                new NewTopic(componentStatusChanges, partitions, replicationFactor).configs(events),
                new NewTopic(progress, partitions, replicationFactor).configs(compacted));
        final List<String> created = new ArrayList<>();
        try {
            final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            final List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
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
            throw new IllegalStateException("cannot reach Kafka to create the ingest topics: " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ingest topics", e);
        }
    }
}
