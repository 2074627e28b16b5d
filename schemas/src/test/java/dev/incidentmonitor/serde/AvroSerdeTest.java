package dev.incidentmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DeadLetter;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.testdata.Level;
import dev.incidentmonitor.serde.testdata.Other;
import dev.incidentmonitor.serde.testdata.Probe;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroSerdeTest {

    private static final String TOPIC = "probes";

    private String scope;
    private InMemorySchemaRegistryClient registry;

    @BeforeEach
    void freshScope() {
        scope = "avro-serde-test-" + UUID.randomUUID();
        registry = InMemorySchemaRegistryClient.forScope(scope);
    }

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    private Map<String, Object> config(final Object... keyValues) {
        final Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        config.put("bootstrap.servers", "ignored:9092"); // clients pass all their settings; unknown keys are ignored
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private <T extends org.apache.avro.generic.IndexedRecord> AvroSerializer<T> serializer(final Object... kv) {
        final AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(config(kv), false);
        return serializer;
    }

    private <T extends org.apache.avro.generic.IndexedRecord> AvroDeserializer<T> deserializer(
            final Class<T> type, final Object... kv) {
        final AvroDeserializer<T> deserializer = type == null ? new AvroDeserializer<>() : new AvroDeserializer<>(type);
        deserializer.configure(config(kv), false);
        return deserializer;
    }

    @Test
    void shouldRoundTripSpecificRecordWhenAutoRegistering() {
        final Probe probe = TestData.probe();

        final byte[] bytes = serializer().serialize(TOPIC, probe);
        final Probe read = deserializer(Probe.class).deserialize(TOPIC, bytes);

        assertThat(read).isEqualTo(probe);
        assertThat(read.getAt()).isEqualTo(TestData.AT);
        assertThat(read.getLevel()).isEqualTo(Level.HIGH);
        assertThat(registry.subjects()).containsExactly("probes-value");
        assertThat(registry.getLatestSchema("probes-value").schema()).isEqualTo(Probe.getClassSchema());
    }

    @Test
    void shouldRoundTripThroughSerdeWhenConfiguredFromMap() {
        final Serde<Probe> serde = SpecificAvroSerde.configured(Probe.class, config(), false);

        final byte[] bytes = serde.serializer().serialize(TOPIC, TestData.probe());

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(TestData.probe());
    }

    @Test
    void shouldWriteMagicByteBigEndianIdAndAvroBodyWhenSerializing() {
        final FixedIdClient client = new FixedIdClient(0x01020304);
        final AvroSerializer<Other> serializer = new AvroSerializer<>(client);

        final byte[] bytes = serializer.serialize(TOPIC, TestData.other("ab"));

        // magic 0, id 0x01020304 big-endian, then Avro: string length 2 zig-zag encoded (0x04), 'a', 'b'
        assertThat(bytes).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0x04, 'a', 'b');
        assertThat(client.registeredSubject).isEqualTo("probes-value");
    }

    @Test
    void shouldUseKeySubjectWhenConfiguredForKeys() {
        final AvroSerializer<Other> serializer = new AvroSerializer<>();
        serializer.configure(config(), true);

        serializer.serialize(TOPIC, TestData.other("k"));

        assertThat(registry.subjects()).containsExactly("probes-key");
    }

    @Test
    void shouldUseRecordNameSubjectWhenRecordNameStrategyConfigured() {
        final AvroSerializer<Other> serializer = serializer(
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy");

        serializer.serialize(TOPIC, TestData.other("k"));

        assertThat(registry.subjects()).containsExactly("dev.incidentmonitor.serde.testdata.Other");
    }

    @Test
    void shouldRejectUnknownMagicByteWhenDeserializing() {
        final byte[] bytes = {0x01, 0, 0, 0, 1, 0x04, 'a', 'b'};

        assertThatThrownBy(() -> deserializer(Other.class).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unknown magic byte 0x01 (expected 0x00: Confluent wire format) in topic probes");
    }

    @Test
    void shouldRejectPayloadWhenShorterThanHeader() {
        assertThatThrownBy(() -> deserializer(Other.class).deserialize(TOPIC, new byte[] {0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Payload of 4 bytes in topic probes is too short");
    }

    @Test
    void shouldNameIdAndRegistryWhenSchemaIdUnknown() {
        final byte[] bytes = {0, 0, 0, 0, 42, 0x04, 'a', 'b'};

        assertThatThrownBy(() -> deserializer(Other.class).deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessageContaining("schema id 42")
                .hasMessageContaining("mock://" + scope)
                .hasMessageContaining("topic probes");
    }

    @Test
    void shouldRejectPayloadWhenBytesRemainAfterRecord() {
        final byte[] valid = serializer().serialize(TOPIC, TestData.other("ab"));
        final byte[] padded = Arrays.copyOf(valid, valid.length + 1);

        assertThatThrownBy(() -> deserializer(Other.class).deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Bytes left over")
                .hasMessageContaining("schema id 1");
    }

    @Test
    void shouldRejectPayloadWhenTruncated() {
        final byte[] valid = serializer().serialize(TOPIC, TestData.probe());
        final byte[] truncated = Arrays.copyOf(valid, valid.length - 3);

        assertThatThrownBy(() -> deserializer(Probe.class).deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot decode Avro record in topic probes with schema id 1");
    }

    @Test
    void shouldRefuseToReadRecordAsUnrelatedClass() {
        final byte[] otherBytes = serializer().serialize(TOPIC, TestData.other("ab"));

        assertThatThrownBy(() -> deserializer(Probe.class).deserialize(TOPIC, otherBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Writer schema id 1 (dev.incidentmonitor.serde.testdata.Other)")
                .hasMessageContaining("cannot be read as dev.incidentmonitor.serde.testdata.Probe");
    }

    @Test
    void shouldFailClearlyWhenAutoRegisterDisabledAndSchemaNotRegistered() {
        final AvroSerializer<Probe> serializer = serializer(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestData.probe()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status())
                        .isEqualTo(404))
                .hasMessageContaining("Schema dev.incidentmonitor.serde.testdata.Probe is not registered under subject"
                        + " \"probes-value\" in schema registry mock://" + scope
                        + ", and auto.register.schemas is false");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldWriteRegisteredIdWhenAutoRegisterDisabledAndSchemaRegistered() {
        registry.register("unrelated-value", TestData.PROBE_V1);
        final int id = registry.register("probes-value", Probe.getClassSchema());

        final byte[] bytes =
                serializer(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false").serialize(TOPIC, TestData.probe());

        assertThat(id).isEqualTo(2);
        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(2);
    }

    @Test
    void shouldWriteWithLatestSchemaWhenUseLatestVersion() {
        final int v1 = registry.register("probes-value", TestData.PROBE_V1);
        final int v2 = registry.register("probes-value", Probe.getClassSchema());

        final byte[] bytes = serializer(
                        AvroSerdeConfig.USE_LATEST_VERSION, true, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false)
                .serialize(TOPIC, TestData.probeV1("old"));

        assertThat(v1).isNotEqualTo(v2);
        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(v2);
        final Probe read = deserializer(Probe.class).deserialize(TOPIC, bytes);
        assertThat(read.getId()).isEqualTo("old");
        assertThat(read.getNote()).isNull();
        assertThat(read.getPriority()).isEqualTo(5);
        final GenericRecord asWritten = deserializer(GenericRecord.class).deserialize(TOPIC, bytes);
        assertThat(asWritten.getSchema()).isEqualTo(Probe.getClassSchema());
    }

    @Test
    void shouldRefuseLatestSchemaWhenItCannotReadTheRecord() {
        registry.withRule(InMemorySchemaRegistryClient.Rule.NONE);
        registry.register("probes-value", TestData.PROBE_V3_INCOMPATIBLE);

        assertThatThrownBy(() ->
                        serializer(AvroSerdeConfig.USE_LATEST_VERSION, true).serialize(TOPIC, TestData.probe()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Latest schema of subject \"probes-value\" (id 1, version 1) cannot read")
                .hasMessageContaining("owner");
    }

    @Test
    void shouldFailClearlyWhenUseLatestVersionAndSubjectEmpty() {
        assertThatThrownBy(() ->
                        serializer(AvroSerdeConfig.USE_LATEST_VERSION, true).serialize(TOPIC, TestData.probe()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("No schema registered under subject \"probes-value\"");
    }

    @Test
    void shouldReadOldWriterSchemaIntoNewClassWhenFieldsWereAddedWithDefaults() {
        final byte[] bytes = serializer().serialize(TOPIC, TestData.probeV1("from-v1"));

        final Probe read = deserializer(Probe.class).deserialize(TOPIC, bytes);

        assertThat(read)
                .isEqualTo(Probe.newBuilder()
                        .setId("from-v1")
                        .setCount(3)
                        .setLevel(Level.LOW)
                        .setAt(TestData.AT)
                        .setNote(null)
                        .setPriority(5)
                        .build());
    }

    @Test
    void shouldRejectIncompatibleSchemaWhenRegistryRuleIsBackward() {
        serializer().serialize(TOPIC, TestData.probe());
        final AvroSerializer<GenericRecord> serializer = serializer();
        final GenericRecord v3 = (GenericRecord) TestData.sample(TestData.PROBE_V3_INCOMPATIBLE, "v3");

        assertThatThrownBy(() -> serializer.serialize(TOPIC, v3))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.status())
                        .isEqualTo(409))
                .hasMessageContaining("incompatible with an earlier schema for subject \"probes-value\"")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("owner");
    }

    @Test
    void shouldPassNullThroughWhenTombstone() {
        final Serde<Probe> serde = new SpecificAvroSerde<>(Probe.class);
        serde.configure(config(), false);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null))
                .isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldReturnGeneratedClassWhenSpecificAvroReaderConfigured() {
        final byte[] bytes = serializer().serialize(TOPIC, TestData.probe());

        final Object read =
                deserializer(null, AvroSerdeConfig.SPECIFIC_AVRO_READER, true).deserialize(TOPIC, bytes);

        assertThat(read).isInstanceOf(Probe.class).isEqualTo(TestData.probe());
    }

    @Test
    void shouldReturnWriterClassWhenSerdeCreatedWithoutClass() {
        final SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
        serde.configure(config(), false);
        final byte[] probeBytes = serializer().serialize(TOPIC, TestData.probe());
        final byte[] otherBytes = serializer().serialize("others", TestData.other("x"));

        assertThat(serde.deserializer().deserialize(TOPIC, probeBytes)).isEqualTo(TestData.probe());
        assertThat(serde.deserializer().deserialize("others", otherBytes)).isEqualTo(TestData.other("x"));
    }

    @Test
    void shouldReturnGenericRecordWhenSpecificReaderNotConfigured() {
        final byte[] bytes = serializer().serialize(TOPIC, TestData.probe());

        final Object read = deserializer(null).deserialize(TOPIC, bytes);

        assertThat(read).isInstanceOf(GenericData.Record.class);
        final GenericRecord record = (GenericRecord) read;
        assertThat(record.get("id").toString()).isEqualTo("probe-1");
        assertThat(record.get("at")).isEqualTo(TestData.AT.toEpochMilli());
        assertThat(record.get("level").toString()).isEqualTo("HIGH");
    }

    @Test
    void shouldFailWhenSpecificReaderFindsNoGeneratedClass() {
        final Schema unknown = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Nowhere\",\"namespace\":\"no.such\",\"fields\":[]}");
        final byte[] bytes = serializer().serialize(TOPIC, new GenericData.Record(unknown));

        assertThatThrownBy(() -> deserializer(null, AvroSerdeConfig.SPECIFIC_AVRO_READER, true)
                        .deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("No generated SpecificRecord class no.such.Nowhere on the class path");
    }

    @Test
    void shouldDecodeFromByteBufferSliceWhenConsumerPassesOne() {
        final byte[] bytes = serializer().serialize(TOPIC, TestData.probe());
        final byte[] framed = new byte[bytes.length + 6];
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        final ByteBuffer slice = ByteBuffer.wrap(framed, 3, bytes.length).slice();

        final Probe read = deserializer(Probe.class).deserialize(TOPIC, new RecordHeaders(), slice);

        assertThat(read).isEqualTo(TestData.probe());
        assertThat(slice.position()).isZero();
    }

    @Test
    void shouldRegisterOnceWhenSameSchemaSerializedRepeatedly() {
        final CountingClient client = new CountingClient(registry);
        final AvroSerializer<Probe> serializer = new AvroSerializer<>(client);
        final AvroDeserializer<Probe> deserializer = new AvroDeserializer<>(client, Probe.class);

        for (int i = 0; i < 100; i++) {
            final Probe probe = Probe.newBuilder(TestData.probe()).setCount(i).build();
            assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, probe)))
                    .isEqualTo(probe);
        }

        assertThat(client.calls).isEqualTo(2); // one register, one fetch by id
    }

    @Test
    void shouldWrapEncodingFailureWithTopicAndSchema() {
        final Probe broken = TestData.probe();
        broken.put("level", null); // bypass the builder's validation; id and count are already encoded

        assertThatThrownBy(() -> serializer().serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot serialize a dev.incidentmonitor.serde.testdata.Probe for topic probes");
        // nothing of the failed record leaks into the next one written on this thread
        final byte[] bytes = serializer().serialize("others", TestData.other("ok"));
        assertThat(bytes).containsExactly(0, 0, 0, 0, 2, 0x04, 'o', 'k');
    }

    @ParameterizedTest
    @ValueSource(classes = {IncidentUpdate.class, ComponentStatusChange.class, DeadLetter.class})
    void shouldRoundTripGeneratedTopicRecords(final Class<? extends SpecificRecord> type) {
        final Schema schema = SpecificData.getForClass(type).getSchema(type);
        final GenericRecord sample = (GenericRecord) TestData.sample(schema, type.getSimpleName());
        final byte[] genericBytes = serializer().serialize(TOPIC, sample);

        final SpecificRecord specific = deserializer(SpecificRecord.class).deserialize(TOPIC, genericBytes);
        final byte[] specificBytes = serializer().serialize(TOPIC, specific);

        assertThat(specific).isInstanceOf(type);
        assertThat(specificBytes).isEqualTo(genericBytes);
        assertThat(deserializer(GenericRecord.class).deserialize(TOPIC, specificBytes))
                .isEqualTo(sample);
    }

    @Test
    void shouldRoundTripGenericRecordsThroughGenericSerde() {
        final GenericAvroSerde serde = new GenericAvroSerde(registry);
        final GenericRecord v1 = TestData.probeV1("generic");

        final GenericRecord read =
                serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, v1));

        assertThat(read).isEqualTo(v1);
        assertThat(read.getSchema()).isEqualTo(TestData.PROBE_V1);
    }

    @Test
    void shouldGiveEachThreadItsOwnRecordWhenSerdeIsShared() throws Exception {
        final Serde<Probe> serde = SpecificAvroSerde.configured(Probe.class, config(), false);
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    int matches = 0;
                    for (int i = 0; i < 500; i++) {
                        final Probe probe = Probe.newBuilder(TestData.probe())
                                .setId("thread-" + thread + "-" + i)
                                .setCount(i)
                                .build();
                        final String topic = "topic-" + (i % 3);
                        final byte[] bytes = serde.serializer().serialize(topic, probe);
                        if (serde.deserializer().deserialize(topic, bytes).equals(probe)) {
                            matches++;
                        }
                    }
                    return matches;
                }));
            }
            for (final Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.subjects()).containsExactlyInAnyOrder("topic-0-value", "topic-1-value", "topic-2-value");
    }

    /** Always answers one id, to check the byte order of the header. */
    private static final class FixedIdClient implements SchemaRegistryClient {
        private final int id;
        private String registeredSubject;

        FixedIdClient(final int id) {
            this.id = id;
        }

        @Override
        public int register(final String subject, final Schema schema) {
            registeredSubject = subject;
            return id;
        }

        @Override
        public int getId(final String subject, final Schema schema) {
            return id;
        }

        @Override
        public Schema getSchemaById(final int requested) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RegisteredSchema getLatestSchema(final String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean testCompatibility(final String subject, final Schema schema) {
            return true;
        }

        @Override
        public String url() {
            return "fixed://";
        }
    }

    /** Counts calls that reach the registry. */
    private static final class CountingClient implements SchemaRegistryClient {
        private final SchemaRegistryClient delegate;
        private int calls;

        CountingClient(final SchemaRegistryClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized int register(final String subject, final Schema schema) {
            calls++;
            return delegate.register(subject, schema);
        }

        @Override
        public synchronized int getId(final String subject, final Schema schema) {
            calls++;
            return delegate.getId(subject, schema);
        }

        @Override
        public synchronized Schema getSchemaById(final int id) {
            calls++;
            return delegate.getSchemaById(id);
        }

        @Override
        public synchronized RegisteredSchema getLatestSchema(final String subject) {
            calls++;
            return delegate.getLatestSchema(subject);
        }

        @Override
        public synchronized boolean testCompatibility(final String subject, final Schema schema) {
            calls++;
            return delegate.testCompatibility(subject, schema);
        }

        @Override
        public String url() {
            return delegate.url();
        }
    }
}
