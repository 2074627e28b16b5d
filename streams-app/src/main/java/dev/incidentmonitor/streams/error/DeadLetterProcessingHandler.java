package dev.incidentmonitor.streams.error;

import dev.incidentmonitor.schema.FailureStage;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record a processor throws on goes to the dead-letter topic with the source record's raw bytes, and the app goes
 * on. Kafka Streams' own exceptions (a lost task, a fenced producer) are not record errors and still fail, as does
 * everything when {@code app.processing.errors=fail}.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private DeadLetters deadLetters;
    private boolean failFast;

    @Override
    public void configure(final Map<String, ?> configs) {
        deadLetters = DeadLetters.configure(configs);
        failFast = StreamsAppConfig.ERRORS_FAIL.equals(String.valueOf(configs.get(StreamsAppConfig.PROCESSING_ERRORS)));
    }

    @Override
    public Response handleError(
            final ErrorHandlerContext context, final Record<?, ?> record, final Exception exception) {
        if (failFast || exception instanceof StreamsException) {
            return Response.fail();
        }
        return Response.resume(List.of(deadLetters.record(
                FailureStage.PROCESSING, context, context.sourceRawKey(), context.sourceRawValue(), exception)));
    }
}
