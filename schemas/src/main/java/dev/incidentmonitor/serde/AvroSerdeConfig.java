package dev.incidentmonitor.serde;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the Avro serializer, deserializer and registry client.
 *
 * <p>The key names are Confluent's ({@code schema.registry.url}, {@code auto.register.schemas},
 * {@code use.latest.version}, {@code basic.auth.*}, {@code schema.registry.ssl.*}, {@code specific.avro.reader}, ...),
 * so that an application can move between this serde and Confluent's {@code KafkaAvroSerializer} by configuration only.
 * The retry and timeout settings are our own; Confluent's client has different ones, which are ignored here.
 *
 * <p>Unknown keys are ignored on purpose: Kafka clients hand every one of their own settings to their serializers.
 * Values are parsed and validated by Kafka's {@link ConfigDef}, so a wrong type fails at {@code configure()} time with
 * Kafka's usual {@link ConfigException} rather than on the first record.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    /** Comma-separated registry base URLs, tried in order; {@code mock://<scope>} selects an in-memory registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String LATEST_COMPATIBILITY_STRICT = "latest.compatibility.strict";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

    /** Our own: how many times a failed registry call is retried (connect errors, timeouts, HTTP 408/429/5xx). */
    public static final String RETRIES = "schema.registry.retries";
    /** Our own: first pause between retries; it doubles after every round up to the maximum below. */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

    /** Our own: upper bound of the pause between retries. */
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    /** Our own: connect timeout and whole-request timeout of each HTTP call. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    /** How a subject name is derived, as Confluent's {@code *.subject.name.strategy} classes do. */
    public enum SubjectNameStrategy {
        /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (Confluent's default). */
        TOPIC_NAME,
        /** The record's full name: one lineage per record type, across topics. */
        RECORD_NAME,
        /** {@code <topic>-<record full name>}: several record types per topic. */
        TOPIC_RECORD_NAME;

        /** The subject under which {@code recordFullName} is registered for {@code topic}. */
        public String subject(final String topic, final boolean isKey, final String recordFullName) {
            return switch (this) {
                case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
                case RECORD_NAME -> recordFullName;
                case TOPIC_RECORD_NAME -> topic + "-" + recordFullName;
            };
        }
    }

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL,
                    Type.LIST,
                    List.of(),
                    Importance.HIGH,
                    "Comma-separated schema registry base URLs (Confluent REST API), tried in order. "
                            + "mock://<scope> selects a per-scope in-memory registry for tests.")
            .define(
                    AUTO_REGISTER_SCHEMAS,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Register the record's schema on first use. When false the schema must already be registered.")
            .define(
                    USE_LATEST_VERSION,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Write with the latest schema registered under the subject instead of the record's own schema. "
                            + "The latest version is fetched once per subject and kept for the serializer's lifetime.")
            .define(
                    LATEST_COMPATIBILITY_STRICT,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "With use.latest.version, refuse to write when the latest schema cannot read the record's schema.")
            .define(
                    SPECIFIC_AVRO_READER,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Deserializer without a target class: return the generated SpecificRecord class named by the "
                            + "writer schema's full name instead of a GenericRecord.")
            .define(
                    KEY_SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    "TopicNameStrategy",
                    Importance.LOW,
                    "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (Confluent class names accepted).")
            .define(
                    VALUE_SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    "TopicNameStrategy",
                    Importance.LOW,
                    "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (Confluent class names accepted).")
            .define(
                    BASIC_AUTH_CREDENTIALS_SOURCE,
                    Type.STRING,
                    "URL",
                    ConfigDef.ValidString.in("URL", "USER_INFO"),
                    Importance.MEDIUM,
                    "Where HTTP basic credentials come from: USER_INFO (basic.auth.user.info) or URL (user:pass@host).")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM, "user:password for USER_INFO.")
            .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM, "Trust store file for https.")
            .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.")
            .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "Trust store type (JKS, PKCS12).")
            .define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM, "Key store file for mutual TLS.")
            .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Key store password.")
            .define(SSL_KEYSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "Key store type (JKS, PKCS12).")
            .define(
                    SSL_KEY_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.LOW,
                    "Password of the private key; defaults to the key store password.")
            .define(
                    RETRIES,
                    Type.INT,
                    3,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "Retries of a registry call after a connect error, a timeout or HTTP 408/429/5xx.")
            .define(
                    RETRY_BACKOFF_MS,
                    Type.LONG,
                    200L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "Pause before the first retry; doubled for every further retry.")
            .define(
                    RETRY_BACKOFF_MAX_MS,
                    Type.LONG,
                    5_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "Upper bound of the pause between retries.")
            .define(
                    REQUEST_TIMEOUT_MS,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Connect timeout and overall timeout of one HTTP request to the registry.");

    /** Parses and validates {@code originals}; keys this class does not define are ignored. */
    public AvroSerdeConfig(final Map<String, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** The definition, for documentation or for merging into an application's own {@link ConfigDef}. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    public boolean latestCompatibilityStrict() {
        return getBoolean(LATEST_COMPATIBILITY_STRICT);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }

    /** The strategy configured for keys or values; an unsupported strategy fails rather than silently falling back. */
    public SubjectNameStrategy subjectNameStrategy(final boolean isKey) {
        final String key = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        final String value = getString(key);
        final String simpleName = value.substring(value.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (simpleName) {
            case "topicnamestrategy", "topic_name" -> SubjectNameStrategy.TOPIC_NAME;
            case "recordnamestrategy", "record_name" -> SubjectNameStrategy.RECORD_NAME;
            case "topicrecordnamestrategy", "topic_record_name" -> SubjectNameStrategy.TOPIC_RECORD_NAME;
            default ->
                throw new ConfigException(
                        key, value, "supported: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");
        };
    }

    public String basicAuthCredentialsSource() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE);
    }

    /** {@code user:password} from {@code basic.auth.user.info}, or {@code null}. */
    public String basicAuthUserInfo() {
        final Password password = getPassword(BASIC_AUTH_USER_INFO);
        return password == null ? null : password.value();
    }

    public String sslTruststoreLocation() {
        return getString(SSL_TRUSTSTORE_LOCATION);
    }

    public String sslTruststorePassword() {
        return passwordValue(SSL_TRUSTSTORE_PASSWORD);
    }

    public String sslTruststoreType() {
        return getString(SSL_TRUSTSTORE_TYPE);
    }

    public String sslKeystoreLocation() {
        return getString(SSL_KEYSTORE_LOCATION);
    }

    public String sslKeystorePassword() {
        return passwordValue(SSL_KEYSTORE_PASSWORD);
    }

    public String sslKeystoreType() {
        return getString(SSL_KEYSTORE_TYPE);
    }

    public String sslKeyPassword() {
        return passwordValue(SSL_KEY_PASSWORD);
    }

    public int retries() {
        return getInt(RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS);
    }

    private String passwordValue(final String key) {
        final Password password = getPassword(key);
        return password == null ? null : password.value();
    }
}
