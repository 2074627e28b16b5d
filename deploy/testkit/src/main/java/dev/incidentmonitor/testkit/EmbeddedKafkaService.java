package dev.incidentmonitor.testkit;

import dev.incidentmonitor.embedded.EmbeddedKafka;

/** The shared broker in this JVM, on a temporary data directory and a free port. */
final class EmbeddedKafkaService implements KafkaService {

    private final EmbeddedKafka kafka;

    EmbeddedKafkaService() {
        this.kafka = EmbeddedKafka.startTemporary();
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
