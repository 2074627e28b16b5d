package dev.incidentmonitor.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serde of generated Avro classes in Confluent's wire format, for Kafka Streams: an {@link AvroSerializer} and an
 * {@link AvroDeserializer} configured together.
 *
 * <p>It stands in for Confluent's {@code SpecificAvroSerde} (whose jar is not reachable from this build) and takes the
 * same settings, so switching between the two is a matter of configuration:
 *
 * <pre>{@code
 * Serde<IncidentUpdate> serde = SpecificAvroSerde.configured(
 *         IncidentUpdate.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081"), false);
 * }</pre>
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {

    /**
     * Reads whichever generated class the writer schema names (Confluent's {@code specific.avro.reader=true}); for
     * {@code default.value.serde} and other places that create serdes by class name.
     */
    public SpecificAvroSerde() {
        super(
                new AvroSerializer<>(),
                new AvroDeserializer<>(null, null, AvroDeserializer.Mode.SPECIFIC_BY_WRITER_NAME));
    }

    /** Reads into {@code type}, resolving each writer schema against {@code type}'s schema. */
    public SpecificAvroSerde(final Class<T> type) {
        super(new AvroSerializer<>(), new AvroDeserializer<>(type));
    }

    /** Like {@link #SpecificAvroSerde(Class)} with a shared or in-memory registry client. */
    public SpecificAvroSerde(final Class<T> type, final SchemaRegistryClient client) {
        super(new AvroSerializer<>(client), new AvroDeserializer<>(client, type));
    }

    /** A serde for {@code type}, already configured from {@code configs} (see {@link AvroSerdeConfig}). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> configured(
            final Class<T> type, final Map<String, ?> configs, final boolean isKey) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }
}
