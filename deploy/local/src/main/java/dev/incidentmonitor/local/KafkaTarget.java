package dev.incidentmonitor.local;

import dev.incidentmonitor.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where a command finds Kafka and the schema registry: by default the ones {@code up} starts on this machine, so
 * {@code ./incident-monitor up} in one terminal and {@code ./incident-monitor import ...} in another just work.
 *
 * <p>Client settings are layered, later layers win: the options {@code --bootstrap-servers} and {@code
 * --schema-registry-url} &lt; the properties file of {@code --client-config} (any Kafka client or serde setting,
 * e.g. {@code security.protocol}, {@code sasl.jaas.config}, {@code basic.auth.user.info}) &lt; environment
 * variables {@code KAFKA_FOO_BAR=value}, which set {@code foo.bar} (the convention of Kafka's container images).
 */
final class KafkaTarget {

    private static final String ENV_PREFIX = "KAFKA_";

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

    /** Client settings for the ingest-service's Kafka clients and Avro serde. */
    Map<String, Object> clientConfig() {
        return clientConfig(System.getenv());
    }

    /* test */ Map<String, Object> clientConfig(final Map<String, String> environment) {
        final Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        if (clientConfigFile != null) {
            final Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(clientConfigFile, StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read --client-config " + clientConfigFile + ": " + e, e);
            }
            file.stringPropertyNames().forEach(name -> config.put(name, file.getProperty(name)));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                config.put(
                        name.substring(ENV_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        return config;
    }
}
