package dev.incidentmonitor.streams.error;

import dev.incidentmonitor.schema.FailureStage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Bytes that cannot be read (a foreign producer, a schema the registry does not know) go to the dead-letter topic
 * with their raw key and value, and the app goes on with the next record.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private DeadLetters deadLetters;

    @Override
    public void configure(final Map<String, ?> configs) {
        deadLetters = DeadLetters.configure(configs);
    }

    @Override
    public Response handleError(
            final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        return Response.resume(List.of(
                deadLetters.record(FailureStage.DESERIALIZATION, context, record.key(), record.value(), exception)));
    }
}
