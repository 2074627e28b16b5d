package dev.incidentmonitor.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in Confluent's wire format (magic byte {@code 0}, 4-byte big-endian schema id, Avro binary body),
 * fetching each writer schema from the registry once and resolving it against the reader schema, so that records
 * written with an older or newer compatible schema are read correctly.
 *
 * <p>It stands in for Confluent's {@code KafkaAvroDeserializer}, whose jar is not reachable from this build, and reads
 * the same settings ({@link AvroSerdeConfig}). What it returns:
 *
 * <ul>
 *   <li>constructed with a generated class: instances of that class, its schema as reader schema;
 *   <li>constructed without one (as when named in consumer properties) and {@code specific.avro.reader=true}: the
 *       generated class named by the writer schema's full name, which must be on the class path;
 *   <li>otherwise {@link GenericRecord}s in the writer schema.
 * </ul>
 *
 * <p>It never decodes silently wrong: a payload that does not start with magic byte 0, is shorter than the header,
 * names an unknown schema id, has a writer schema the reader schema cannot read, or has bytes left over after the
 * record fails with a {@link SerializationException} naming the topic (and the id where there is one). {@code null}
 * is read as {@code null} (tombstones).
 *
 * <p>Thread-safe. Datum readers are cached per writer schema id and decoders are reused per thread.
 *
 * @param <T> the record type
 */
public class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    /** How the reader schema is chosen. */
    enum Mode {
        /** By {@code specific.avro.reader}: {@link #SPECIFIC_BY_WRITER_NAME} when true, else {@link #GENERIC}. */
        CONFIGURED,
        GENERIC,
        SPECIFIC_BY_WRITER_NAME,
        SPECIFIC_CLASS
    }

    private final SchemaRegistryClient presetClient;
    private final Class<? extends T> type;
    private final Mode mode;
    private final ConcurrentMap<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    private volatile Settings settings;

    /**
     * For consumers and Streams that create the deserializer by class name; call {@link #configure} before use. Returns
     * generated classes when {@code specific.avro.reader=true}, {@link GenericRecord}s otherwise.
     */
    public AvroDeserializer() {
        this(null, null, Mode.CONFIGURED);
    }

    /**
     * Reads into {@code type}: a generated {@link SpecificRecord} class, {@code SpecificRecord.class} (whichever
     * generated class the writer schema names) or {@code GenericRecord.class}. Call {@link #configure} before use.
     */
    public AvroDeserializer(final Class<T> type) {
        this(null, type, modeOf(type));
    }

    /**
     * Like {@link #AvroDeserializer(Class)} ({@code type} may be {@code null}: decided by {@code specific.avro.reader}),
     * but with a given registry client, for sharing it or for tests. Usable without {@link #configure}.
     */
    public AvroDeserializer(final SchemaRegistryClient client, final Class<T> type) {
        this(client, type, type == null ? Mode.CONFIGURED : modeOf(type));
    }

    AvroDeserializer(final SchemaRegistryClient client, final Class<? extends T> type, final Mode mode) {
        this.presetClient = client;
        this.type = type;
        this.mode = mode;
        if (client != null) {
            this.settings = new Settings(client, mode == Mode.CONFIGURED ? Mode.GENERIC : mode, false);
        }
    }

    private static Mode modeOf(final Class<?> type) {
        if (type == SpecificRecord.class) {
            return Mode.SPECIFIC_BY_WRITER_NAME;
        }
        if (SpecificRecord.class.isAssignableFrom(type)) {
            return Mode.SPECIFIC_CLASS;
        }
        if (type.isAssignableFrom(GenericData.Record.class)) {
            return Mode.GENERIC;
        }
        throw new IllegalArgumentException(
                type.getName() + " is neither a generated SpecificRecord class, SpecificRecord nor GenericRecord");
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        final SchemaRegistryClient client = presetClient != null ? presetClient : SchemaRegistryClient.create(config);
        final Mode effective = mode != Mode.CONFIGURED
                ? mode
                : config.specificAvroReader() ? Mode.SPECIFIC_BY_WRITER_NAME : Mode.GENERIC;
        readersById.clear();
        this.settings = new Settings(client, effective, isKey);
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(final String topic, final Headers headers, final ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        final byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    private T decode(final String topic, final byte[] bytes, final int offset, final int length) {
        final Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        if (length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("Payload of " + length + " bytes in topic " + topic
                    + " is too short for the Confluent wire format (magic byte and 4-byte schema id, then Avro)");
        }
        if (bytes[offset] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x (expected 0x00: Confluent wire format) in topic %s",
                    bytes[offset] & 0xff, topic));
        }
        final int id = WireFormat.readId(bytes, offset);
        DatumReader<T> reader = readersById.get(id);
        if (reader == null) {
            reader = current.createReader(topic, id, type);
            readersById.putIfAbsent(id, reader);
        }
        try {
            final BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(
                            bytes, offset + WireFormat.HEADER_SIZE, length - WireFormat.HEADER_SIZE, DECODERS.get());
            DECODERS.set(decoder);
            final T result = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Bytes left over after the Avro record in topic " + topic
                        + " with schema id " + id + ": the payload does not match its writer schema");
            }
            return result;
        } catch (final SerializationException e) {
            throw e;
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot decode Avro record in topic " + topic + " with schema id " + id + ": " + e, e);
        }
    }

    /** The configuration in effect: published as one immutable object so that configure() is safely visible. */
    private record Settings(SchemaRegistryClient client, Mode mode, boolean isKey) {

        <T> DatumReader<T> createReader(final String topic, final int id, final Class<? extends T> type) {
            final Schema writer;
            try {
                writer = client.getSchemaById(id);
            } catch (final SchemaRegistryException e) {
                throw new SchemaRegistryException(
                        "Cannot read " + (isKey ? "key" : "value") + " of topic " + topic + ": writer schema id " + id
                                + " unavailable from schema registry " + client.url() + ": " + e.getMessage(),
                        e.status(),
                        e.errorCode(),
                        e.retriable(),
                        e);
            }
            return switch (mode) {
                case SPECIFIC_CLASS -> specificReader(topic, id, writer, type);
                case SPECIFIC_BY_WRITER_NAME -> specificReader(topic, id, writer, classNamedBy(topic, id, writer));
                default -> new GenericDatumReader<>(writer, writer, GenericData.get());
            };
        }

        private static Class<?> classNamedBy(final String topic, final int id, final Schema writer) {
            final Class<?> found =
                    writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
            if (found == null || !SpecificRecord.class.isAssignableFrom(found)) {
                throw new SerializationException("No generated SpecificRecord class " + writer.getFullName()
                        + " on the class path for writer schema id " + id + " in topic " + topic + " ("
                        + AvroSerdeConfig.SPECIFIC_AVRO_READER + "=true)");
            }
            return found;
        }

        private static <T> DatumReader<T> specificReader(
                final String topic, final int id, final Schema writer, final Class<?> type) {
            final SpecificData model = SpecificData.getForClass(type);
            final Schema reader = model.getSchema(type);
            final String problems = Compatibility.problems(reader, writer);
            if (problems != null) {
                throw new SerializationException("Writer schema id " + id + " (" + writer.getFullName() + ") of topic "
                        + topic + " cannot be read as " + type.getName() + ": " + problems);
            }
            // the class's own model carries its logical-type conversions (Instant, BigDecimal, ...)
            return new SpecificDatumReader<>(writer, reader, model);
        }
    }
}
