package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.DeadLetter;
import dev.incidentmonitor.schema.FailureStage;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.SpecificAvroSerde;
import dev.incidentmonitor.streams.TestData;
import dev.incidentmonitor.streams.processor.InvalidRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter path on the test driver: {@code TopologyTestDriver} sends the records a handler returns with
 * {@code Response.resume(..)} through its mock producer like any other output, so the dead-letter topic can be read
 * as an output topic, and the records after the bad one are still processed.
 *
 * <p>One limit of the driver (Kafka 4.3.1): under exactly-once, a dead letter from the <em>deserialization</em>
 * handler is sent into a transaction the driver never commits (no record was processed, so it does not commit), and
 * the driver's next {@code MockProducer.clear()} discards it. That test therefore runs at-least-once; routing under
 * exactly-once against a real broker belongs in an integration test.
 */
class DeadLetterTopologyTest {

    private static final String DLQ = "incident-monitor-dlq";

    @Test
    void shouldSendRecordToDeadLetterTopicAndGoOnWhenKeyDoesNotMatchValue() {
        try (TopologyHarness harness = new TopologyHarness(Instant.parse("2024-01-01T00:00:00Z"))) {
            final IncidentUpdate stray = update(
                            "openai", "inc-a", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:00:00Z")
                    .build();
            final IncidentUpdate good = update(
                            "openai", "inc-b", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:05:00Z")
                    .build();
            final TestOutputTopic<byte[], byte[]> dlq =
                    harness.driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final Serde<DeadLetter> letters =
                    SpecificAvroSerde.configured(DeadLetter.class, harness.config.kafka(), false);

            harness.updates.pipeInput("openai:inc-z", stray, stray.getDisplayTime());
            harness.pipe(good);

            final List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            final DeadLetter letter =
                    letters.deserializer().deserialize(DLQ, dead.get(0).value());
            assertThat(letter.getStage()).isEqualTo(FailureStage.PROCESSING);
            assertThat(letter.getExceptionClass()).isEqualTo(InvalidRecordException.class.getName());
            assertThat(letter.getExceptionMessage()).contains("openai:inc-z", "openai:inc-a");
            assertThat(letter.getSourceTopic()).isEqualTo("incident-updates");
            assertThat(letter.getSourceOffset()).isZero();
            assertThat(letter.getProcessorNode()).isEqualTo("apply-incident-update");
            assertThat(letter.getApplicationId()).isEqualTo("topology-test");
            assertThat(letter.getRecordTimestamp()).isEqualTo(stray.getDisplayTime());
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("openai:inc-z");
            assertThat(letter.getRawKey()).isEqualTo(ByteBuffer.wrap("openai:inc-z".getBytes(StandardCharsets.UTF_8)));
            final IncidentUpdate replayed = harness.topics
                    .incidentUpdates()
                    .valueSerde()
                    .deserializer()
                    .deserialize("incident-updates", bytes(letter.getRawValue()));
            assertThat(replayed).isEqualTo(stray);

            assertThat(harness.latestIncidents()).containsOnlyKeys(TestData.key(good));
            assertThat(harness.driver
                            .<String, Object>getKeyValueStore(IncidentTopology.INCIDENT_STORE)
                            .get("openai:inc-z"))
                    .isNull();
        }
    }

    @Test
    void shouldSendUnreadableBytesToDeadLetterTopicWhenValueIsNotAvro() {
        try (TopologyHarness harness = new TopologyHarness(
                Instant.parse("2024-01-01T00:00:00Z"),
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))) {
            final TestInputTopic<String, byte[]> raw =
                    harness.driver.createInputTopic("incident-updates", new StringSerializer(), (topic, data) -> data);
            final TestOutputTopic<byte[], byte[]> dlq =
                    harness.driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final Serde<DeadLetter> letters =
                    SpecificAvroSerde.configured(DeadLetter.class, harness.config.kafka(), false);
            final byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
            final IncidentUpdate good = update(
                            "openai", "inc-b", "u1", IncidentStatus.INVESTIGATING, "2024-04-10T10:05:00Z")
                    .build();

            raw.pipeInput("openai:inc-x", garbage, Instant.parse("2024-04-10T10:00:00Z"));
            harness.pipe(good);

            final List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            final DeadLetter letter =
                    letters.deserializer().deserialize(DLQ, dead.get(0).value());
            assertThat(letter.getStage()).isEqualTo(FailureStage.DESERIALIZATION);
            assertThat(bytes(letter.getRawValue())).isEqualTo(garbage);
            assertThat(harness.latestIncidents()).containsOnlyKeys(TestData.key(good));
        }
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
