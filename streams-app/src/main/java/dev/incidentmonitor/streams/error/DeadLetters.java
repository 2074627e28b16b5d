package dev.incidentmonitor.streams.error;

import dev.incidentmonitor.schema.DeadLetter;
import dev.incidentmonitor.schema.FailureStage;
import dev.incidentmonitor.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link DeadLetter} records (Avro, Confluent wire format) for the dead-letter topic, shared by the
 * deserialization and processing handlers, and counts them.
 *
 * <p>Kafka Streams creates the handlers itself from class names; they reach the app's counter through the
 * configuration entry {@link #COUNTER_CONFIG}, an object the app puts into the settings it starts Streams with.
 */
final class DeadLetters {

    /** Settings key of the {@link DeadLetterCounter} the handlers count into (an object, not a string). */
    static final String COUNTER_CONFIG = "incident-monitor.dead-letter.counter";

    /** Settings key of the dead-letter topic. */
    static final String TOPIC_CONFIG = "app.topic.dead-letters";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_STACK_TRACE = 8_000;

    private final String topic;
    private final String applicationId;
    private final AvroSerializer<DeadLetter> serializer;
    private final DeadLetterCounter counter;

    private DeadLetters(
            final String topic,
            final String applicationId,
            final AvroSerializer<DeadLetter> serializer,
            final DeadLetterCounter counter) {
        this.topic = topic;
        this.applicationId = applicationId;
        this.serializer = serializer;
        this.counter = counter;
    }

    /** Dead letters configured from the settings Kafka Streams hands a handler. */
    static DeadLetters configure(final Map<String, ?> configs) {
        final Object topic = Objects.requireNonNullElse(configs.get(TOPIC_CONFIG), "incident-monitor-dlq");
        final Object applicationId = Objects.requireNonNullElse(
                configs.get(StreamsConfig.APPLICATION_ID_CONFIG), "incident-monitor-streams");
        final AvroSerializer<DeadLetter> serializer = new AvroSerializer<>();
        serializer.configure(configs, false);
        final Object counter = configs.get(COUNTER_CONFIG);
        return new DeadLetters(
                topic.toString(),
                applicationId.toString(),
                serializer,
                counter instanceof DeadLetterCounter c ? c : DeadLetterCounter.NONE);
    }

    /** The dead-letter record for a failure at {@code stage} in {@code context}. */
    ProducerRecord<byte[], byte[]> record(
            final FailureStage stage,
            final ErrorHandlerContext context,
            final byte[] rawKey,
            final byte[] rawValue,
            final Exception exception) {
        final DeadLetter letter = DeadLetter.newBuilder()
                .setStage(stage)
                .setSourceTopic(context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setApplicationId(applicationId)
                .setProcessorNode(context.processorNodeId())
                .setTaskId(context.taskId() == null ? null : context.taskId().toString())
                .setExceptionClass(exception.getClass().getName())
                .setExceptionMessage(exception.getMessage())
                .setStackTrace(stackTrace(exception))
                .setRawKey(rawKey == null ? null : ByteBuffer.wrap(rawKey))
                .setRawValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
                .setRecordTimestamp(context.timestamp() < 0 ? null : Instant.ofEpochMilli(context.timestamp()))
                .setFailedTime(Instant.now())
                .build();
        LOG.warn(
                "{} failed in task {} at {}-{}@{} (node {}): {}; sent to {}",
                stage,
                context.taskId(),
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                exception.toString(),
                topic);
        counter.increment(stage);
        final byte[] value = serializer.serialize(topic, letter);
        return new ProducerRecord<>(topic, null, null, rawKey, value, new RecordHeaders());
    }

    private static String stackTrace(final Exception exception) {
        final StringWriter out = new StringWriter();
        exception.printStackTrace(new PrintWriter(out));
        final String trace = out.toString();
        return trace.length() <= MAX_STACK_TRACE ? trace : trace.substring(0, MAX_STACK_TRACE);
    }
}
