package dev.incidentmonitor.ingest.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the progress topic holds a provider's progress.
 *
 * <p>This is also how instances share the work: an instance polls exactly the providers whose progress partition the
 * consumer group assigned to it, so adding instances (and partitions) spreads the pages, and a provider is never
 * polled and published by two instances at once. Same hash as Kafka's default partitioner.
 */
public final class ProgressPartitions {

    private ProgressPartitions() {}

    /**
     * @param provider catalogue id of the provider
     * @param partitions number of partitions of the progress topic
     * @return the partition, in {@code [0, partitions)}
     */
    public static int partitionFor(final String provider, final int partitions) {
        return Utils.toPositive(Utils.murmur2(provider.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
