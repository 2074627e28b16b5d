package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.kafka.IngestTopics;
import picocli.CommandLine.Option;

/** The ingest-service's topic names and the settings it creates missing topics with. */
final class TopicOptions {

    @Option(
            names = "--incident-updates-topic",
            paramLabel = "NAME",
            defaultValue = "incident-updates",
            description = "Topic of IncidentUpdate events (default: ${DEFAULT-VALUE}).")
    String incidentUpdates;

    @Option(
            names = "--component-changes-topic",
            paramLabel = "NAME",
            defaultValue = "component-status-changes",
            description = "Topic of ComponentStatusChange events (default: ${DEFAULT-VALUE}).")
    String componentChanges;

    @Option(
            names = "--progress-topic",
            paramLabel = "NAME",
            defaultValue = "incident-monitor-ingest-progress",
            description = "Compacted topic of what was published (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "6",
            description = "Partitions of topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "1",
            description = "Replication factor of topics this command creates (default: ${DEFAULT-VALUE}; use 3 on"
                    + " a production cluster).")
    short replicationFactor;

    IngestTopics topics() {
        return new IngestTopics(incidentUpdates, componentChanges, progress, partitions, replicationFactor);
    }
}
