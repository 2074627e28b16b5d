package dev.incidentmonitor.ingest.app;

import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.observability.ProcessSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The configuration of an ingest-service process started on its own ({@link IngestMain}, the container image), split
 * by prefix as the streams-app's is: {@code app.*} settings are typed and validated here, so a bad value stops the
 * process before it connects anywhere; everything else goes to the Kafka clients and the Avro serde unchanged.
 *
 * <p>Layers, later wins: the defaults below &lt; a properties file &lt; {@code KAFKA_FOO_BAR} environment variables
 * ({@link ProcessSettings}; {@code KAFKA_APP_TOPIC_REPLICATION_FACTOR} sets {@code app.topic.replication-factor}). The
 * topic keys are the streams-app's, so one set of variables names the same topics for both services.
 */
public final class IngestConfig extends AbstractConfig {

    public static final String CATALOG = "app.catalog";
    public static final String INSTANCE_ID = "app.instance.id";
    public static final String GROUP_ID = "app.group.id";
    public static final String METRICS_HOST = "app.metrics.host";
    public static final String METRICS_PORT = "app.metrics.port";
    public static final String INCIDENT_UPDATES_TOPIC = "app.topic.incident-updates";
    public static final String COMPONENT_CHANGES_TOPIC = "app.topic.component-status-changes";
    public static final String PROGRESS_TOPIC = "app.topic.progress";
    public static final String TOPIC_PARTITIONS = "app.topic.partitions";
    public static final String TOPIC_REPLICATION = "app.topic.replication-factor";

    private static final String APP_PREFIX = "app.";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    CATALOG,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "Provider catalogue (YAML file) to poll; empty for the catalogue shipped with the service.")
            .define(
                    INSTANCE_ID,
                    Type.STRING,
                    "ingest-1",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "This instance's stable, unique id: it names the instance's transactional id, so two running"
                            + " instances must never share it, and a restarted one must keep it.")
            .define(
                    GROUP_ID,
                    Type.STRING,
                    "incident-monitor-ingest",
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Consumer group of the instances that share the pages.")
            .define(
                    METRICS_HOST,
                    Type.STRING,
                    "127.0.0.1",
                    Importance.MEDIUM,
                    "Address the /metrics and /health endpoints bind to (0.0.0.0 in a container).")
            .define(
                    METRICS_PORT,
                    Type.INT,
                    9401,
                    Range.between(0, 65535),
                    Importance.MEDIUM,
                    "Port of the /metrics and /health endpoints; 0 picks a free one.")
            .define(
                    INCIDENT_UPDATES_TOPIC,
                    Type.STRING,
                    IngestTopics.DEFAULTS.incidentUpdates(),
                    Importance.HIGH,
                    "Topic of IncidentUpdate events (the streams-app's input).")
            .define(
                    COMPONENT_CHANGES_TOPIC,
                    Type.STRING,
                    IngestTopics.DEFAULTS.componentStatusChanges(),
                    Importance.HIGH,
                    "Topic of ComponentStatusChange events (the streams-app's input).")
            .define(
                    PROGRESS_TOPIC,
                    Type.STRING,
                    IngestTopics.DEFAULTS.progress(),
                    Importance.MEDIUM,
                    "Compacted topic of what was published, read back at start.")
            .define(
                    TOPIC_PARTITIONS,
                    Type.INT,
                    IngestTopics.DEFAULTS.partitions(),
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Partitions of the topics when the service creates them (existing topics are kept).")
            .define(
                    TOPIC_REPLICATION,
                    Type.SHORT,
                    IngestTopics.DEFAULTS.replicationFactor(),
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Replication factor of the topics when the service creates them.");

    private final Map<String, Object> kafka;

    /**
     * Validates {@code settings}.
     *
     * @param settings every setting, {@code app.*} and Kafka's alike
     * @throws org.apache.kafka.common.config.ConfigException on a bad {@code app.*} value
     */
    public IngestConfig(final Map<String, ?> settings) {
        super(DEFINITION, ProcessSettings.select(settings, APP_PREFIX, true), false);
        this.kafka = Map.copyOf(ProcessSettings.select(settings, APP_PREFIX, false));
    }

    /**
     * The configuration of a process: the properties file (if any), then the environment.
     *
     * @param file a properties file, or null
     * @param environment the process environment
     */
    public static IngestConfig load(final Path file, final Map<String, String> environment) {
        return new IngestConfig(ProcessSettings.load(file, environment, DEFINITION.names()));
    }

    /** The documented {@code app.*} settings. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    /** Settings for the Kafka clients and the serde (everything but {@code app.*}). */
    public Map<String, Object> kafka() {
        return kafka;
    }

    /** The configured catalogue, or the shipped one. */
    public ProviderCatalog catalog() {
        final String file = getString(CATALOG);
        return file.isBlank() ? ProviderCatalog.loadDefault() : ProviderCatalog.load(Path.of(file));
    }

    /** The topic names and the settings of the topics the service creates. */
    public IngestTopics topics() {
        return new IngestTopics(
                getString(INCIDENT_UPDATES_TOPIC),
                getString(COMPONENT_CHANGES_TOPIC),
                getString(PROGRESS_TOPIC),
                getInt(TOPIC_PARTITIONS),
                getShort(TOPIC_REPLICATION));
    }

    /** Every setting for a log line, with passwords, secrets and credentials masked. */
    public Map<String, Object> masked() {
        return ProcessSettings.masked(kafka, values());
    }
}
