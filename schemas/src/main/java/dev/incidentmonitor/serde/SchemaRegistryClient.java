package dev.incidentmonitor.serde;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * The few schema registry operations the Avro serde needs, in the terms of the Confluent Schema Registry REST API.
 *
 * <p>Our own interface because Confluent's client jar is not reachable from this build. Any registry that speaks that
 * API works: Confluent, Apicurio ({@code /apis/ccompat/v7}), Karapace, Redpanda. Implementations are thread-safe and
 * cache what never changes (the id of a schema under a subject, the schema of an id), so that a serializer or
 * deserializer makes no network call once warm.
 *
 * <p>Every method throws {@link SchemaRegistryException} (an unchecked {@code SerializationException}) on failure.
 */
public interface SchemaRegistryClient {

    /** A schema as registered under a subject. */
    record RegisteredSchema(String subject, int id, int version, Schema schema) {}

    /**
     * Registers {@code schema} under {@code subject} and returns its global id; registering an existing schema
     * returns its existing id. Throws {@link IncompatibleSchemaException} when the subject's rule refuses it.
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema} if it is registered under {@code subject}, without registering it. Throws a
     * {@link SchemaRegistryException} with status 404 when it is not.
     */
    int getId(String subject, Schema schema);

    /** Returns the schema with the global id {@code id}; throws a {@link SchemaRegistryException} (404) if none. */
    Schema getSchemaById(int id);

    /** Returns the latest version registered under {@code subject}; never cached, since it changes over time. */
    RegisteredSchema getLatestSchema(String subject);

    /** Whether {@code schema} could be registered under {@code subject} by the subject's compatibility rule. */
    boolean testCompatibility(String subject, Schema schema);

    /** The registry's address, without credentials, for error messages. */
    String url();

    /**
     * The client that {@code config} describes: the in-memory registry of that scope for {@code mock://<scope>},
     * otherwise a {@link RestSchemaRegistryClient}.
     */
    static SchemaRegistryClient create(final AvroSerdeConfig config) {
        final List<String> urls = config.urls();
        if (urls.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + "\": the schema registry base URL, e.g. http://localhost:8081");
        }
        final String first = urls.get(0);
        if (first.startsWith(InMemorySchemaRegistryClient.MOCK_URL_PREFIX)) {
            if (urls.size() > 1) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, urls, "mock:// cannot be combined with other URLs");
            }
            return InMemorySchemaRegistryClient.forScope(
                    first.substring(InMemorySchemaRegistryClient.MOCK_URL_PREFIX.length()));
        }
        return new RestSchemaRegistryClient(config);
    }
}
