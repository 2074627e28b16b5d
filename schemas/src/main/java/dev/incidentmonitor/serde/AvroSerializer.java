package dev.incidentmonitor.serde;

import dev.incidentmonitor.serde.AvroSerdeConfig.SubjectNameStrategy;
import dev.incidentmonitor.serde.SchemaRegistryClient.RegisteredSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord} classes or {@link org.apache.avro.generic.GenericRecord}) in
 * Confluent's wire format: byte 0 is the magic byte {@code 0}, bytes 1-4 the registry's schema id (big-endian), then
 * the Avro binary encoding.
 *
 * <p>It stands in for Confluent's {@code KafkaAvroSerializer}, whose jar is not reachable from this build, and reads
 * the same settings ({@link AvroSerdeConfig}), so consumers using Confluent's deserializer read our records and an
 * application can switch by configuration. Like Confluent's, it has a no-arg constructor and is configured through
 * {@link #configure(Map, boolean)}, so it can be named in producer properties:
 *
 * <pre>{@code
 * props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
 * props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");
 * }</pre>
 *
 * <p>Which schema id is written, per subject ({@code <topic>-value} or {@code <topic>-key} by default):
 *
 * <ul>
 *   <li>{@code auto.register.schemas=true} (default): the record's own schema, registered on first use;
 *   <li>{@code auto.register.schemas=false}: the record's own schema, which must already be registered;
 *   <li>{@code use.latest.version=true}: the subject's latest schema; records whose schema differs are converted to it
 *       by Avro schema resolution (refused when it cannot read them, unless {@code latest.compatibility.strict=false}).
 *       The latest version is looked up once per subject and kept for the serializer's lifetime.
 * </ul>
 *
 * <p>Thread-safe. The registry is consulted once per (topic, schema); after that a record costs one encode into a
 * per-thread reusable buffer and one array copy. {@code null} is written as {@code null} (a tombstone).
 *
 * @param <T> the record type
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private static final int MAX_RETAINED_BUFFER = 1 << 20;
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private final SchemaRegistryClient presetClient;
    private final ConcurrentMap<String, ConcurrentMap<Schema, Writer>> writersByTopic = new ConcurrentHashMap<>();
    private volatile Settings settings;

    /** For producers and Streams that create the serializer by class name; call {@link #configure} before use. */
    public AvroSerializer() {
        this.presetClient = null;
    }

    /**
     * Uses {@code client} instead of one built from {@code schema.registry.url}, for sharing a client (and its cache)
     * between serdes, or for tests. Usable without {@link #configure} (Confluent's defaults, values).
     */
    public AvroSerializer(final SchemaRegistryClient client) {
        this.presetClient = client;
        this.settings = new Settings(client, new AvroSerdeConfig(Map.of()), false);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        final SchemaRegistryClient client = presetClient != null ? presetClient : SchemaRegistryClient.create(config);
        writersByTopic.clear();
        this.settings = new Settings(client, config, isKey);
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        final Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        final Schema schema = data.getSchema();
        ConcurrentMap<Schema, Writer> writers = writersByTopic.get(topic);
        if (writers == null) {
            writers = writersByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        }
        Writer writer = writers.get(schema);
        if (writer == null) {
            writer = current.createWriter(topic, schema, data);
            writers.putIfAbsent(schema, writer);
        }
        return writer.write(topic, data);
    }

    /** The configuration in effect: published as one immutable object so that configure() is safely visible. */
    private record Settings(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {

        Writer createWriter(final String topic, final Schema recordSchema, final IndexedRecord sample) {
            final SubjectNameStrategy strategy = config.subjectNameStrategy(isKey);
            final String subject = strategy.subject(topic, isKey, recordSchema.getFullName());
            final DatumWriter<Object> recordWriter = datumWriter(recordSchema, sample);
            if (config.useLatestVersion()) {
                return latestVersionWriter(subject, recordSchema, recordWriter);
            }
            if (config.autoRegisterSchemas()) {
                return new Writer(client.register(subject, recordSchema), recordSchema, recordWriter, null, null);
            }
            try {
                return new Writer(client.getId(subject, recordSchema), recordSchema, recordWriter, null, null);
            } catch (final SchemaRegistryException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                throw new SchemaRegistryException(
                        "Schema " + recordSchema.getFullName() + " is not registered under subject \"" + subject
                                + "\" in schema registry " + client.url() + ", and "
                                + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false: register it first, or set "
                                + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " or " + AvroSerdeConfig.USE_LATEST_VERSION
                                + " (registry said: " + e.getMessage() + ")",
                        e.status(),
                        e.errorCode(),
                        false,
                        e);
            }
        }

        private Writer latestVersionWriter(
                final String subject, final Schema recordSchema, final DatumWriter<Object> recordWriter) {
            final RegisteredSchema latest;
            try {
                latest = client.getLatestSchema(subject);
            } catch (final SchemaRegistryException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                throw new SchemaRegistryException(
                        "No schema registered under subject \"" + subject + "\" in schema registry " + client.url()
                                + ", and " + AvroSerdeConfig.USE_LATEST_VERSION + " is true (registry said: "
                                + e.getMessage() + ")",
                        e.status(),
                        e.errorCode(),
                        false,
                        e);
            }
            if (latest.schema().equals(recordSchema)) {
                return new Writer(latest.id(), recordSchema, recordWriter, null, null);
            }
            final String problems = Compatibility.problems(latest.schema(), recordSchema);
            if (problems != null && config.latestCompatibilityStrict()) {
                throw new SerializationException("Latest schema of subject \"" + subject + "\" (id " + latest.id()
                        + ", version " + latest.version() + ") cannot read records of schema "
                        + recordSchema.getFullName() + ", and " + AvroSerdeConfig.LATEST_COMPATIBILITY_STRICT
                        + " is true: " + problems);
            }
            return new Writer(
                    latest.id(),
                    recordSchema,
                    recordWriter,
                    new GenericDatumReader<>(recordSchema, latest.schema(), GenericData.get()),
                    OptionalUnionWriters.of(latest.schema(), null));
        }

        private static DatumWriter<Object> datumWriter(final Schema schema, final IndexedRecord sample) {
            // the generated class's own model carries its logical-type conversions (Instant, BigDecimal, ...)
            return OptionalUnionWriters.of(
                    schema, sample instanceof SpecificRecord ? SpecificData.getForClass(sample.getClass()) : null);
        }
    }

    /**
     * Everything needed to write one schema to one topic. With {@code use.latest.version} and a record schema that
     * differs from the latest, {@code converter}/{@code latestWriter} re-encode the record with the latest schema.
     */
    private record Writer(
            int id,
            Schema recordSchema,
            DatumWriter<Object> recordWriter,
            DatumReader<Object> converter,
            DatumWriter<Object> latestWriter) {

        byte[] write(final String topic, final Object datum) {
            final Buffer buffer = BUFFERS.get();
            try {
                final ByteArrayOutputStream out = buffer.out;
                out.reset();
                out.write(WireFormat.MAGIC_BYTE);
                out.write(id >>> 24);
                out.write(id >>> 16);
                out.write(id >>> 8);
                out.write(id);
                final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffer.encoder);
                buffer.encoder = encoder;
                if (converter == null) {
                    recordWriter.write(datum, encoder);
                } else {
                    latestWriter.write(convert(datum), encoder);
                }
                encoder.flush();
                final byte[] bytes = out.toByteArray();
                if (bytes.length > MAX_RETAINED_BUFFER) {
                    BUFFERS.remove();
                }
                return bytes;
            } catch (final IOException | RuntimeException e) {
                BUFFERS.remove(); // the encoder may hold a half-written record
                throw new SerializationException(
                        "Cannot serialize a " + recordSchema.getFullName() + " for topic " + topic + " with schema id "
                                + id + ": " + e.getMessage(),
                        e);
            }
        }

        private Object convert(final Object datum) throws IOException {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            recordWriter.write(datum, encoder);
            encoder.flush();
            return converter.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        }
    }

    /** Per-thread output buffer and encoder, reused from record to record. */
    private static final class Buffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        private BinaryEncoder encoder;
    }
}
