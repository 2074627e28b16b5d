package dev.incidentmonitor.testkit;

import org.testcontainers.kafka.KafkaContainer;

/**
 * The shared broker in the {@code apache/kafka} image, for machines with a Docker engine that ask for it.
 *
 * <p>Kept in its own class so that Testcontainers is only loaded when this path is chosen.
 */
final class ContainerKafkaService implements KafkaService {

    /** The same Kafka version as the clients and the in-process broker. */
    static final String IMAGE = "apache/kafka:4.3.1";

    private final KafkaContainer container;

    ContainerKafkaService() {
        container = new KafkaContainer(IMAGE);
        container.start();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
