package dev.incidentmonitor.serde;

import dev.incidentmonitor.serde.testdata.Level;
import dev.incidentmonitor.serde.testdata.Other;
import dev.incidentmonitor.serde.testdata.Probe;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/** Records with sensible defaults for the serde tests. */
final class TestData {

    static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);

    /** Version 1 of {@link Probe}: same full name, without {@code note} and {@code priority}. */
    static final Schema PROBE_V1 = new Schema.Parser()
            .parse(
                    """
            {"type": "record", "name": "Probe", "namespace": "dev.incidentmonitor.serde.testdata",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "count", "type": "int"},
               {"name": "level", "type": {"type": "enum", "name": "Level", "symbols": ["LOW", "HIGH"]}},
               {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
             ]}
            """);

    /** A version 3 of {@link Probe} that breaks BACKWARD compatibility: a new field without default. */
    static final Schema PROBE_V3_INCOMPATIBLE = new Schema.Parser()
            .parse(
                    """
            {"type": "record", "name": "Probe", "namespace": "dev.incidentmonitor.serde.testdata",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "count", "type": "int"},
               {"name": "level", "type": {"type": "enum", "name": "Level", "symbols": ["LOW", "HIGH"]}},
               {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
               {"name": "note", "type": ["null", "string"], "default": null},
               {"name": "priority", "type": "int", "default": 5},
               {"name": "owner", "type": "string"}
             ]}
            """);

    private TestData() {}

    static Probe probe() {
        return Probe.newBuilder()
                .setId("probe-1")
                .setCount(7)
                .setLevel(Level.HIGH)
                .setAt(AT)
                .setNote("a note")
                .setPriority(9)
                .build();
    }

    static Other other(final String x) {
        return Other.newBuilder().setX(x).build();
    }

    static GenericRecord probeV1(final String id) {
        return new GenericRecordBuilder(PROBE_V1)
                .set("id", id)
                .set("count", 3)
                .set(
                        "level",
                        new GenericData.EnumSymbol(PROBE_V1.getField("level").schema(), "LOW"))
                .set("at", AT.toEpochMilli())
                .build();
    }

    /** Some value for every field of {@code schema}, in Avro's generic representation (no logical-type classes). */
    static Object sample(final Schema schema, final String name) {
        return switch (schema.getType()) {
            case RECORD -> {
                final GenericData.Record record = new GenericData.Record(schema);
                for (final Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), sample(field.schema(), field.name()));
                }
                yield record;
            }
            case ENUM ->
                new GenericData.EnumSymbol(
                        schema,
                        schema.getEnumSymbols().get(schema.getEnumSymbols().size() - 1));
            case ARRAY -> new GenericData.Array<>(schema, List.of(sample(schema.getElementType(), name)));
            case MAP -> Map.of("k", sample(schema.getValueType(), name));
            case UNION -> {
                final List<Schema> branches = new ArrayList<>(schema.getTypes());
                branches.removeIf(s -> s.getType() == Schema.Type.NULL);
                yield branches.isEmpty() ? null : sample(branches.get(0), name);
            }
            case STRING -> "sample-" + name;
            case INT -> 42;
            case LONG -> 1_700_000_000_000L;
            case FLOAT -> 1.5f;
            case DOUBLE -> 2.5d;
            case BOOLEAN -> true;
            case BYTES -> ByteBuffer.wrap(new byte[] {1});
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            case NULL -> null;
        };
    }
}
