package dev.incidentmonitor.serde;

/**
 * Confluent's wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary body.
 * Package-private constants shared by the serializer and the deserializer.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0x0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {}

    static int readId(final byte[] bytes, final int offset) {
        return ((bytes[offset + 1] & 0xff) << 24)
                | ((bytes[offset + 2] & 0xff) << 16)
                | ((bytes[offset + 3] & 0xff) << 8)
                | (bytes[offset + 4] & 0xff);
    }
}
