package dev.incidentmonitor.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;

/**
 * Drops the log lines of a retry that Kafka 4.x makes at the start of every transactional producer, and nothing else.
 *
 * <p>With transactions v2 (KIP-890) a producer sends its first batches to a partition pipelined; until the first one
 * has created the producer's state there, the broker refuses the others with a retriable {@code
 * OutOfOrderSequenceException} ("... for transactions v2 idempotent producer with no existing state", KAFKA-18202,
 * apache/kafka#19902) and logs each at ERROR, and the producer logs each retry at WARN. The retries succeed: nothing
 * is lost or written twice. A local run starts an embedded broker and about ten transactional producers, so every
 * {@code up} printed dozens of such lines, which read like a failure.
 *
 * Kafka Streams' producers also retry their first batches with {@code CONCURRENT_TRANSACTIONS} while the broker
 * still completes the transaction the previous run of the same transactional id left open.
 *
 * <p>Dropped: the broker's ERROR with exactly that exception and message, and the producer's WARN "retrying ...
 * Error: OUT_OF_ORDER_SEQUENCE_NUMBER" or "... Error: CONCURRENT_TRANSACTIONS". A retry that does not succeed still
 * ends with an error that is logged, and the broker's other out-of-order errors are kept.
 */
public final class FirstTransactionNoiseFilter extends Filter<ILoggingEvent> {

    static final String BROKER_LOGGER = "kafka.server.ReplicaManager";
    static final String PRODUCER_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";
    private static final String NO_STATE = "for transactions v2 idempotent producer with no existing state";
    private static final List<String> RETRIED =
            List.of("Error: OUT_OF_ORDER_SEQUENCE_NUMBER", "Error: CONCURRENT_TRANSACTIONS");

    @Override
    public FilterReply decide(final ILoggingEvent event) {
        if (event.getLevel() == Level.ERROR && BROKER_LOGGER.equals(event.getLoggerName())) {
            final IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null
                    && EXCEPTION.equals(thrown.getClassName())
                    && thrown.getMessage() != null
                    && thrown.getMessage().contains(NO_STATE)) {
                return FilterReply.DENY;
            }
        }
        if (event.getLevel() == Level.WARN && PRODUCER_LOGGER.equals(event.getLoggerName())) {
            final String message = event.getFormattedMessage();
            if (message != null
                    && message.contains("retrying")
                    && RETRIED.stream().anyMatch(message::endsWith)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
