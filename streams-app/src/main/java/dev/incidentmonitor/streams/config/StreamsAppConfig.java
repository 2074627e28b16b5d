package dev.incidentmonitor.streams.config;

import dev.incidentmonitor.observability.ProcessSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.DslStoreFormat;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams-app's configuration, split by prefix: {@code app.*} settings are typed and validated here (the app
 * fails before {@code start()} on a bad one), everything else passes straight to Kafka Streams and the serde.
 *
 * <p>Layers, later wins: the defaults of {@link #baseKafkaConfig()} &lt; whatever the caller passes, which the
 * launcher assembles as command-line options &lt; a {@code --client-config} properties file &lt; {@code KAFKA_FOO_BAR}
 * environment variables ({@code KAFKA_APP_METRICS_PORT} sets {@code app.metrics.port}).
 */
public final class StreamsAppConfig extends AbstractConfig {

    public static final String INCIDENT_UPDATES_TOPIC = "app.topic.incident-updates";
    public static final String INCIDENTS_TOPIC = "app.topic.incidents";
    public static final String INCIDENT_EVENTS_TOPIC = "app.topic.incident-events";
    public static final String SERVICE_RELIABILITY_TOPIC = "app.topic.service-reliability";
    public static final String DEAD_LETTER_TOPIC = "app.topic.dead-letters";
    public static final String COMPONENT_CHANGES_TOPIC = "app.topic.component-status-changes";
    public static final String DAILY_AVAILABILITY_TOPIC = "app.topic.service-availability-daily";
    public static final String COOCCURRENCE_TOPIC = "app.topic.service-cooccurrence";
    public static final String AVAILABILITY_GRACE_MS = "app.availability.grace.ms";
    public static final String AVAILABILITY_TIME_ZONE = "app.availability.time-zone";
    public static final String AVAILABILITY_PARTIAL_WEIGHT = "app.availability.partial-weight";
    public static final String AVAILABILITY_PROVIDER_TIME_ZONES = "app.availability.provider-time-zones";
    public static final String AVAILABILITY_PROVIDER_WEIGHTS = "app.availability.provider-partial-weights";
    public static final String COOCCURRENCE_MAX_SERVICES = "app.cooccurrence.max-services";
    public static final String COOCCURRENCE_WALL_CLOCK_INTERVAL_MS = "app.cooccurrence.wall-clock.interval.ms";
    public static final String TOPIC_PARTITIONS = "app.topic.partitions";
    public static final String TOPIC_REPLICATION = "app.topic.replication-factor";
    public static final String INCIDENT_RETENTION_MS = "app.incident.retention.ms";
    public static final String INCIDENT_CLEANUP_INTERVAL_MS = "app.incident.cleanup.interval.ms";
    public static final String RELIABILITY_STREAM_TIME_INTERVAL_MS = "app.reliability.stream-time.interval.ms";
    public static final String RELIABILITY_WALL_CLOCK_INTERVAL_MS = "app.reliability.wall-clock.interval.ms";
    public static final String RELIABILITY_EMIT_INTERVAL_MS = "app.reliability.emit.interval.ms";
    public static final String RELIABILITY_CACHE_INCIDENTS = "app.reliability.cache.max-incidents";
    public static final String AVAILABILITY_CACHE_CHANGES = "app.availability.cache.max-changes";
    public static final String METRICS_HOST = "app.metrics.host";
    public static final String METRICS_PORT = "app.metrics.port";
    public static final String PROCESSING_ERRORS = "app.processing.errors";
    public static final String STATE_CHANGELOG = "app.state.changelog.enabled";

    /** Value of {@link #PROCESSING_ERRORS}: send failed records to the dead-letter topic and go on. */
    public static final String ERRORS_DEAD_LETTER = "dead-letter";
    /** Value of {@link #PROCESSING_ERRORS}: stop the client on the first failed record. */
    public static final String ERRORS_FAIL = "fail";

    /** Every setting that names a topic the app reads or writes. */
    public static final List<String> TOPIC_SETTINGS = List.of(
            INCIDENT_UPDATES_TOPIC,
            INCIDENTS_TOPIC,
            INCIDENT_EVENTS_TOPIC,
            SERVICE_RELIABILITY_TOPIC,
            DEAD_LETTER_TOPIC,
            COMPONENT_CHANGES_TOPIC,
            DAILY_AVAILABILITY_TOPIC,
            COOCCURRENCE_TOPIC);

    /**
     * The app's {@code commit.interval.ms}, half of Kafka's exactly-once default (100 ms). Under exactly-once a
     * record is visible downstream only when its transaction commits, and the wait for the next commit is most of
     * the latency from an update to its outputs: {@code bench streams} measured 49 / 103 / 161 ms (p50 / p99 / max) at
     * 50 ms against 88 / 172 / 224 ms at 100 ms, for 7-8% of the replay rate (docs/benchmarks.md).
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 50;

    private static final String APP_PREFIX = "app.";

    /**
     * Default interval of the incident processors' stream-time punctuators (retention, windows moving on). Stream time
     * moves fast only in a replay, where an hourly punctuator fired on almost every loop of the stream thread; each
     * firing halves how many records Kafka Streams processes per task before it next checks for punctuation and commit
     * (formatting a log line per task each time: 5.4% of the stream thread in `bench streams` with hourly punctuators,
     * 2.5% with daily ones). Live, the wall-clock punctuators move windows on every minute.
     */
    private static final Duration STREAM_TIME_INTERVAL = Duration.ofDays(1);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    INCIDENT_UPDATES_TOPIC,
                    Type.STRING,
                    "incident-updates",
                    Importance.HIGH,
                    "Input topic of IncidentUpdate events (written by the ingest-service).")
            .define(
                    INCIDENTS_TOPIC,
                    Type.STRING,
                    "incidents",
                    Importance.HIGH,
                    "Compacted output topic: the current IncidentState of every incident.")
            .define(
                    INCIDENT_EVENTS_TOPIC,
                    Type.STRING,
                    "incident-events",
                    Importance.HIGH,
                    "Output topic: every IncidentEvent (opened, stage changed, resolved, ...).")
            .define(
                    SERVICE_RELIABILITY_TOPIC,
                    Type.STRING,
                    "service-reliability",
                    Importance.HIGH,
                    "Compacted output topic: rolling ServiceReliability per service and per provider.")
            .define(
                    DEAD_LETTER_TOPIC,
                    Type.STRING,
                    "incident-monitor-dlq",
                    Importance.HIGH,
                    "Dead-letter topic: DeadLetter records for input that could not be read or processed.")
            .define(
                    COMPONENT_CHANGES_TOPIC,
                    Type.STRING,
                    "component-status-changes",
                    Importance.HIGH,
                    "Input topic of ComponentStatusChange events (written by the ingest-service).")
            .define(
                    DAILY_AVAILABILITY_TOPIC,
                    Type.STRING,
                    "service-availability-daily",
                    Importance.HIGH,
                    "Compacted output topic: DailyAvailability per service and local day.")
            .define(
                    COOCCURRENCE_TOPIC,
                    Type.STRING,
                    "service-cooccurrence",
                    Importance.HIGH,
                    "Compacted output topic: ServiceCooccurrence P(A|B) per ordered pair of services.")
            .define(
                    AVAILABILITY_GRACE_MS,
                    Type.LONG,
                    Duration.ofHours(6).toMillis(),
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long after a local day ends its figures stay provisional (late updates). A status change"
                            + " more than this behind now is applied to the days at the next punctuation, with the"
                            + " other late changes of its component (history imported into a running app).")
            .define(
                    AVAILABILITY_TIME_ZONE,
                    Type.STRING,
                    "America/Los_Angeles",
                    ConfigDef.LambdaValidator.with(StreamsAppConfig::zone, () -> "an IANA time zone"),
                    Importance.MEDIUM,
                    "Day time zone of providers whose changes do not say (the study's pages are in this zone).")
            .define(
                    AVAILABILITY_PARTIAL_WEIGHT,
                    Type.DOUBLE,
                    0.3,
                    Range.between(0.0, 1.0),
                    Importance.MEDIUM,
                    "Weight w of partial-outage time for providers whose changes do not say (Statuspage's 0.3).")
            .define(
                    AVAILABILITY_PROVIDER_TIME_ZONES,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "Per-provider day time zones, provider=Zone, comma-separated; what a change stamps wins.")
            .define(
                    AVAILABILITY_PROVIDER_WEIGHTS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "Per-provider partial-outage weights, provider=w, comma-separated; what a change stamps wins.")
            .define(
                    COOCCURRENCE_MAX_SERVICES,
                    Type.INT,
                    500,
                    Range.atLeast(2),
                    Importance.LOW,
                    "At most this many services (the first in key order) enter the co-occurrence matrix, whose work"
                            + " grows with the square of their number: every day a window moves, each pair whose"
                            + " condition had an outage on the day that left it is published again.")
            .define(
                    COOCCURRENCE_WALL_CLOCK_INTERVAL_MS,
                    Type.LONG,
                    1000L,
                    Range.atLeast(100),
                    Importance.LOW,
                    "How often (wall-clock time) co-occurrence publishes the pairs that changed. Its windows end on"
                            + " the latest day of the data, never on the wall clock, so this only says how soon a"
                            + " change is published, also after the last record of a replay.")
            .define(
                    TOPIC_PARTITIONS,
                    Type.INT,
                    6,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Partitions of the output topics when the app creates them (existing topics are kept).")
            .define(
                    TOPIC_REPLICATION,
                    Type.SHORT,
                    (short) 1,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Replication factor of the output topics when the app creates them.")
            .define(
                    INCIDENT_RETENTION_MS,
                    Type.LONG,
                    Duration.ofDays(30).toMillis(),
                    Range.atLeast(Duration.ofDays(1).toMillis()),
                    Importance.MEDIUM,
                    "How long a closed incident stays in the state store after its last update, in stream time.")
            .define(
                    STATE_CHANGELOG,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Whether the state stores write changelog topics. Only a replay that never restarts (the report)"
                            + " turns them off: without changelogs, state lost with an instance is not restored.")
            .define(
                    INCIDENT_CLEANUP_INTERVAL_MS,
                    Type.LONG,
                    STREAM_TIME_INTERVAL.toMillis(),
                    Range.atLeast(1000),
                    Importance.LOW,
                    "How often (stream time) closed incidents past retention are dropped.")
            .define(
                    RELIABILITY_STREAM_TIME_INTERVAL_MS,
                    Type.LONG,
                    STREAM_TIME_INTERVAL.toMillis(),
                    Range.atLeast(1000),
                    Importance.LOW,
                    "How often (stream time) services whose windows moved are re-published.")
            .define(
                    RELIABILITY_WALL_CLOCK_INTERVAL_MS,
                    Type.LONG,
                    Duration.ofMinutes(1).toMillis(),
                    Range.atLeast(100),
                    Importance.LOW,
                    "How often (wall-clock time) services whose windows moved are re-published.")
            .define(
                    RELIABILITY_EMIT_INTERVAL_MS,
                    Type.LONG,
                    10_000L,
                    Range.atLeast(0),
                    Importance.LOW,
                    "How often (wall-clock time) services whose figures changed are published to"
                            + " service-reliability: each at most once per interval, with its latest figures, as a"
                            + " cached KTable does (Kafka Streams' own default is 30 s without exactly-once). Each"
                            + " publication computes the service's windows over its whole history, so a busy page's"
                            + " services cost this often, whatever the update rate. 0 publishes every change at once"
                            + " (one record per incident update and service).")
            .define(
                    AVAILABILITY_CACHE_CHANGES,
                    Type.LONG,
                    500_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "How many component status changes (about 100 bytes of heap each) each task of the availability"
                            + " processor keeps in memory, least recently used components dropped first, so that a"
                            + " component's days are computed without reading its history from the store.")
            .define(
                    RELIABILITY_CACHE_INCIDENTS,
                    Type.LONG,
                    200_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "How many incidents' figures (one per service and incident, about 300 bytes of heap each) each"
                            + " task of the reliability processor keeps in memory, least recently used services"
                            + " dropped first, so that a service's windows are computed without reading its history"
                            + " from the store.")
            .define(
                    METRICS_HOST,
                    Type.STRING,
                    "127.0.0.1",
                    Importance.MEDIUM,
                    "Address the /metrics and /health endpoints bind to (0.0.0.0 in a container).")
            .define(
                    METRICS_PORT,
                    Type.INT,
                    9402,
                    Range.between(0, 65535),
                    Importance.MEDIUM,
                    "Port of the /metrics and /health endpoints; 0 picks a free one.")
            .define(
                    PROCESSING_ERRORS,
                    Type.STRING,
                    ERRORS_DEAD_LETTER,
                    ConfigDef.ValidString.in(ERRORS_DEAD_LETTER, ERRORS_FAIL),
                    Importance.MEDIUM,
                    "What a record that fails in a processor does: go to the dead-letter topic, or stop the app.");

    private final Map<String, Object> kafka;
    private final DslStoreSuppliers storeSuppliers;

    /**
     * Validates {@code settings}.
     *
     * @param settings every setting, {@code app.*} and Kafka's alike
     * @throws org.apache.kafka.common.config.ConfigException on a bad {@code app.*} value
     */
    public StreamsAppConfig(final Map<String, ?> settings) {
        super(DEFINITION, ProcessSettings.select(settings, APP_PREFIX, true), false);
        final Map<String, Object> kafkaSettings = new HashMap<>(baseKafkaConfig());
        kafkaSettings.putAll(ProcessSettings.select(settings, APP_PREFIX, false));
        // The dead-letter handlers are created by Kafka Streams from these settings; they need the topic and mode.
        kafkaSettings.put(DEAD_LETTER_TOPIC, getString(DEAD_LETTER_TOPIC));
        kafkaSettings.put(PROCESSING_ERRORS, getString(PROCESSING_ERRORS));
        this.kafka = Map.copyOf(kafkaSettings);
        this.storeSuppliers = storeSuppliers(kafka);
        dayConventions(); // fail now, not at the first record, on a bad per-provider entry
    }

    private static void zone(final String name, final Object value) {
        try {
            java.time.ZoneId.of(String.valueOf(value));
        } catch (final java.time.DateTimeException e) {
            throw new org.apache.kafka.common.config.ConfigException(name, value, "not an IANA time zone");
        }
    }

    /** The day conventions of the availability topology. */
    public dev.incidentmonitor.streams.processor.DayConventions dayConventions() {
        final Map<String, java.time.ZoneId> zones = new HashMap<>();
        for (final String entry : getList(AVAILABILITY_PROVIDER_TIME_ZONES)) {
            final String[] parts = pair(AVAILABILITY_PROVIDER_TIME_ZONES, entry);
            zone(AVAILABILITY_PROVIDER_TIME_ZONES, parts[1]);
            zones.put(parts[0], java.time.ZoneId.of(parts[1]));
        }
        final Map<String, Double> weights = new HashMap<>();
        for (final String entry : getList(AVAILABILITY_PROVIDER_WEIGHTS)) {
            final String[] parts = pair(AVAILABILITY_PROVIDER_WEIGHTS, entry);
            final double weight;
            try {
                weight = Double.parseDouble(parts[1]);
            } catch (final NumberFormatException e) {
                throw new org.apache.kafka.common.config.ConfigException(
                        AVAILABILITY_PROVIDER_WEIGHTS, entry, "the weight is not a number");
            }
            if (!(weight >= 0 && weight <= 1)) {
                throw new org.apache.kafka.common.config.ConfigException(
                        AVAILABILITY_PROVIDER_WEIGHTS, entry, "the weight must be within 0..1");
            }
            weights.put(parts[0], weight);
        }
        return new dev.incidentmonitor.streams.processor.DayConventions(
                java.time.ZoneId.of(getString(AVAILABILITY_TIME_ZONE)),
                getDouble(AVAILABILITY_PARTIAL_WEIGHT),
                Map.copyOf(zones),
                Map.copyOf(weights));
    }

    private static String[] pair(final String name, final String entry) {
        final String[] parts = entry.split("=", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new org.apache.kafka.common.config.ConfigException(name, entry, "expected provider=value");
        }
        return new String[] {parts[0].trim(), parts[1].trim()};
    }

    public Duration availabilityGrace() {
        return Duration.ofMillis(getLong(AVAILABILITY_GRACE_MS));
    }

    /** The documented {@code app.*} settings. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    /**
     * Defaults the app always runs with unless overridden: exactly-once v2 committing every {@value
     * #DEFAULT_COMMIT_INTERVAL_MS} ms, explicit naming of every internal resource (KIP-1111), no idling for data
     * across partitions, and a stable application id.
     */
    public static Map<String, Object> baseKafkaConfig() {
        final Map<String, Object> base = new HashMap<>();
        base.put(StreamsConfig.APPLICATION_ID_CONFIG, "incident-monitor-streams");
        base.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        base.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        base.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        // Every task reads one partition (no joins), so there is nothing to wait for across partitions; with the
        // default (0), Kafka Streams 4.3 formats a log message for every idle partition of every task on every loop
        // (a fifth of the stream thread's time in `bench streams`), whether or not TRACE is on.
        base.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        base.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        // Kafka Streams lingers 100 ms, so under EOS a task's output mostly waits in the producer until the commit
        // flushes it, and the stream thread then waits for the broker to take it all in. Sending as records come (the
        // plain producer's default since Kafka 4.0) lets the broker work while the thread goes on: `bench streams`
        // measured +12-15% for the topology and +20-60% for the minimal aggregate on two cores (docs/benchmarks.md).
        base.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // Kafka 4.3 warns unless this is on, and turns it on by default in 5.0; we have no global stores yet. Its
        // partition assignor reads the main consumer's settings as Streams settings and warns again unless they
        // carry it too. Named by its string: Kafka deprecates the constant, as the setting goes away in 5.0.
        final String globalHandler = "processing.exception.handler.global.enabled";
        base.put(globalHandler, true);
        base.put(StreamsConfig.mainConsumerPrefix(globalHandler), true);
        base.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "dev.incidentmonitor.streams.error.DeadLetterDeserializationHandler");
        base.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                "dev.incidentmonitor.streams.error.DeadLetterProcessingHandler");
        return base;
    }

    /** Settings for Kafka Streams, its clients and the serde (everything but {@code app.*}). */
    public Map<String, Object> kafka() {
        return kafka;
    }

    /** {@link #kafka()} as properties. */
    public Properties kafkaProperties() {
        final Properties properties = new Properties();
        properties.putAll(kafka);
        return properties;
    }

    /**
     * The builder of the key-value store {@code name}: of the kind Kafka Streams' own {@code dsl.store.suppliers.class}
     * setting names (RocksDB by default, {@code BuiltInDslStoreSuppliers$InMemoryDslStoreSuppliers} for memory), so
     * that the Processor API stores follow the same one setting as DSL stores would, and changelogged unless {@value
     * #STATE_CHANGELOG} is false. The report turns both to memory and off: its replay never restarts, and RocksDB's
     * flush and the changelog record after each of the test driver's records were most of its run time.
     *
     * <p>Changelogged stores are cached, as DSL stores are by default: Kafka Streams' record cache ({@code
     * statestore.cache.max.bytes}, 0 turns it off) keeps each key's latest value until the task commits, so a key
     * written several times between two commits (an incident's updates arriving together, a service's figures) goes
     * to RocksDB and to the changelog once. Reads see the cache; nothing the processors forward depends on it.
     *
     * @param name the store's name
     * @param keySerde its keys' serde
     * @param valueSerde its values' serde
     * @return its builder
     */
    public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(
            final String name, final Serde<K> keySerde, final Serde<V> valueSerde) {
        final StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(
                storeSuppliers.keyValueStore(new DslKeyValueParams(name, DslStoreFormat.PLAIN)), keySerde, valueSerde);
        return getBoolean(STATE_CHANGELOG) ? builder.withCachingEnabled() : builder.withLoggingDisabled();
    }

    /**
     * The configured {@code dsl.store.suppliers.class}, RocksDB when unset, instantiated once. Read by hand rather
     * than through a {@code StreamsConfig}, whose constructor logs every setting.
     */
    private static DslStoreSuppliers storeSuppliers(final Map<String, Object> kafka) {
        final Object configured = kafka.getOrDefault(
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers.class);
        final Class<?> type =
                (Class<?>) ConfigDef.parseType(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, configured, Type.CLASS);
        final DslStoreSuppliers suppliers = Utils.newInstance(type, DslStoreSuppliers.class);
        suppliers.configure(kafka);
        return suppliers;
    }

    /** The application id. */
    public String applicationId() {
        return String.valueOf(kafka.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    public Duration incidentRetention() {
        return Duration.ofMillis(getLong(INCIDENT_RETENTION_MS));
    }

    public Duration incidentCleanupInterval() {
        return Duration.ofMillis(getLong(INCIDENT_CLEANUP_INTERVAL_MS));
    }

    public Duration reliabilityStreamTimeInterval() {
        return Duration.ofMillis(getLong(RELIABILITY_STREAM_TIME_INTERVAL_MS));
    }

    public Duration reliabilityEmitInterval() {
        return Duration.ofMillis(getLong(RELIABILITY_EMIT_INTERVAL_MS));
    }

    public Duration reliabilityWallClockInterval() {
        return Duration.ofMillis(getLong(RELIABILITY_WALL_CLOCK_INTERVAL_MS));
    }

    /** Every setting for a log line, with passwords, secrets and credentials masked. */
    public Map<String, Object> masked() {
        return ProcessSettings.masked(kafka, values());
    }
}
