package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.app.IngestConfig;
import dev.incidentmonitor.observability.ProcessSettings;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where a command finds Kafka and the schema registry: by default the ones {@code up} starts on this machine, so
 * {@code ./incident-monitor up} in one terminal and {@code ./incident-monitor import ...} in another just work.
 *
 * <p>Client settings are layered, later layers win: the options {@code --bootstrap-servers} and {@code
 * --schema-registry-url} &lt; the properties file of {@code --client-config} (any Kafka client or serde setting,
 * e.g. {@code security.protocol}, {@code sasl.jaas.config}, {@code basic.auth.user.info}) &lt; environment
 * variables {@code KAFKA_FOO_BAR=value}, which set {@code foo.bar} (the convention of Kafka's container images), or
 * the service setting whose upper-cased name they are ({@link ProcessSettings}).
 */
final class KafkaTarget {

    /**
     * The services' own settings, so that {@code KAFKA_APP_RELIABILITY_CACHE_MAX_INCIDENTS} sets {@code
     * app.reliability.cache.max-incidents} here as it does in the services' container images.
     */
    private static final Set<String> KNOWN_SETTINGS = knownSettings();

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

    @Option(
            names = "--client-config",
            paramLabel = "FILE",
            description = "Properties file of Kafka client and serde settings (security, registry auth, ...);"
                    + " KAFKA_FOO_BAR environment variables override it as foo.bar.")
    Path clientConfigFile;

    private static Set<String> knownSettings() {
        final Set<String> known = new HashSet<>(StreamsAppConfig.definition().names());
        known.addAll(IngestConfig.definition().names());
        return Set.copyOf(known);
    }

    /** Client settings for the ingest-service's Kafka clients and Avro serde. */
    Map<String, Object> clientConfig() {
        return clientConfig(System.getenv());
    }

    /* test */ Map<String, Object> clientConfig(final Map<String, String> environment) {
        final Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        config.putAll(ProcessSettings.load(clientConfigFile, environment, KNOWN_SETTINGS));
        return config;
    }
}
