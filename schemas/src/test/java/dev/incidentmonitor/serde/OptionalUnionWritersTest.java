package dev.incidentmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.serde.testdata.Probe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class OptionalUnionWritersTest {

    private static final Schema UNIONS = new Schema.Parser()
            .parse(
                    """
            {"type": "record", "name": "Unions", "namespace": "dev.incidentmonitor.serde.testdata",
             "fields": [
               {"name": "null_first", "type": ["null", "string"]},
               {"name": "null_last", "type": [{"type": "long", "logicalType": "timestamp-millis"}, "null"]},
               {"name": "three", "type": ["null", "string", "int"]},
               {"name": "no_null", "type": ["int", "string"]},
               {"name": "nested", "type": ["null", {"type": "record", "name": "Inner",
                  "fields": [{"name": "x", "type": ["null", "long"]}]}]},
               {"name": "items", "type": {"type": "array", "items": ["null", "string"]}}
             ]}
            """);

    @Test
    void shouldWriteTheSameBytesAsAvroForEveryKindOfUnion() throws IOException {
        final Schema inner = UNIONS.getField("nested").schema().getTypes().get(1);
        final List<GenericRecord> records = List.of(
                new GenericRecordBuilder(UNIONS)
                        .set("null_first", "a")
                        .set("null_last", 1_700_000_000_123L)
                        .set("three", 3)
                        .set("no_null", "s")
                        .set(
                                "nested",
                                new GenericRecordBuilder(inner).set("x", 5L).build())
                        .set("items", List.of("p", "q"))
                        .build(),
                new GenericRecordBuilder(UNIONS)
                        .set("null_first", null)
                        .set("null_last", null)
                        .set("three", "t")
                        .set("no_null", 4)
                        .set(
                                "nested",
                                new GenericRecordBuilder(inner).set("x", null).build())
                        .set("items", Arrays.asList("p", null))
                        .build(),
                new GenericRecordBuilder(UNIONS)
                        .set("null_first", null)
                        .set("null_last", null)
                        .set("three", null)
                        .set("no_null", 0)
                        .set("nested", null)
                        .set("items", List.of())
                        .build());
        for (final GenericRecord record : records) {
            assertThat(encode(OptionalUnionWriters.of(UNIONS, null), record))
                    .isEqualTo(encode(new GenericDatumWriter<>(UNIONS, GenericData.get()), record));
        }
    }

    @Test
    void shouldWriteGeneratedRecordsWithLogicalTypesAsAvroDoes() throws IOException {
        final SpecificData model = SpecificData.getForClass(Probe.class);
        for (final Probe probe : List.of(
                TestData.probe(),
                Probe.newBuilder(TestData.probe()).setNote(null).build())) {
            assertThat(encode(OptionalUnionWriters.of(Probe.getClassSchema(), model), probe))
                    .isEqualTo(encode(new SpecificDatumWriter<>(Probe.getClassSchema(), model), probe));
        }
    }

    @Test
    void shouldStillRefuseAValueOfTheWrongTypeInAnOptional() {
        final Schema schema = new Schema.Parser()
                .parse(
                        """
                {"type": "record", "name": "Optional", "fields": [{"name": "n", "type": ["null", "long"]}]}
                """);
        final GenericRecord wrong = new GenericData.Record(schema);
        wrong.put("n", "not a long");
        assertThatThrownBy(() -> encode(OptionalUnionWriters.of(schema, null), wrong))
                .isInstanceOf(ClassCastException.class);
    }

    @Test
    void shouldTellTheBranchOnlyOfOptionals() {
        final Schema nullFirst = UNIONS.getField("null_first").schema();
        final Schema nullLast = UNIONS.getField("null_last").schema();
        assertThat(OptionalUnionWriters.branch(nullFirst, null)).isZero();
        assertThat(OptionalUnionWriters.branch(nullFirst, "x")).isEqualTo(1);
        assertThat(OptionalUnionWriters.branch(nullLast, null)).isEqualTo(1);
        assertThat(OptionalUnionWriters.branch(nullLast, 1L)).isZero();
        assertThat(OptionalUnionWriters.branch(UNIONS.getField("three").schema(), null))
                .isEqualTo(-1);
        assertThat(OptionalUnionWriters.branch(UNIONS.getField("no_null").schema(), 1))
                .isEqualTo(-1);
    }

    private static byte[] encode(final DatumWriter<Object> writer, final Object datum) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
