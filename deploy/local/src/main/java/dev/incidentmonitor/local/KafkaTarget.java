package dev.incidentmonitor.local;

import dev.incidentmonitor.serde.AvroSerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where a command finds Kafka and the schema registry: by default the ones {@code up} starts on this machine, so
 * {@code ./incident-monitor up} in one terminal and {@code ./incident-monitor import ...} in another just work.
 */
final class KafkaTarget {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the local run's).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8081/apis/ccompat/v7",
            description = "Confluent-compatible schema registry URL (default: ${DEFAULT-VALUE}, the local run's).")
    String schemaRegistryUrl;

    /** Client settings for the ingest-service's Kafka clients and Avro serde. */
    Map<String, Object> clientConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return config;
    }
}
