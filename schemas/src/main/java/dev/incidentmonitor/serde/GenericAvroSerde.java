package dev.incidentmonitor.serde;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serde of {@link GenericRecord}s in Confluent's wire format, read in their writer schema: for tools and tests that
 * handle any topic without generated classes. Stands in for Confluent's {@code GenericAvroSerde}; ignores
 * {@code specific.avro.reader}.
 */
public class GenericAvroSerde extends Serdes.WrapperSerde<GenericRecord> {

    /** For places that create serdes by class name; configure before use. */
    public GenericAvroSerde() {
        super(new AvroSerializer<>(), new AvroDeserializer<>(GenericRecord.class));
    }

    /** With a shared or in-memory registry client; usable without configure. */
    public GenericAvroSerde(final SchemaRegistryClient client) {
        super(new AvroSerializer<>(client), new AvroDeserializer<>(client, GenericRecord.class));
    }
}
