package dev.incidentmonitor.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;

/**
 * Drops the log lines of the retries that Kafka 4.x's transactional producers make and that succeed, and nothing else.
 *
 * <p>A producer sends its batches to a partition pipelined, several in flight. When the broker refuses one, it
 * refuses every later one in flight with an {@code OutOfOrderSequenceException} and logs each at ERROR; the producer
 * then retries them all in order and logs each retry at WARN. Two kinds of refusal start this in local runs, and both
 * succeed on retry, so nothing is lost or written twice:
 *
 * <ul>
 *   <li>With transactions v2 (KIP-890) the batches after a transaction's first one to a partition arrive before that
 *       first one has created the producer's state there ("... for transactions v2 idempotent producer with no
 *       existing state", KAFKA-18202, apache/kafka#19902).
 *   <li>A transaction's first batch to a partition comes while the broker still writes the previous transaction's
 *       markers there ({@code CONCURRENT_TRANSACTIONS}), mostly in the first seconds of a run, also on a new data
 *       directory. When the producer already has state on the partition, the later batches' error reads "Out of
 *       order sequence number ...: 13 (incoming seq. number), 2 (current end sequence number)".
 * </ul>
 *
 * <p>A local run starts an embedded broker and about ten transactional producers, so every {@code up} printed dozens
 * of such lines, which read like a failure. Dropped: the broker's ERROR for an {@code OutOfOrderSequenceException},
 * which is always a batch the producer retries or fails, and the producer's WARN "retrying ... Error:
 * OUT_OF_ORDER_SEQUENCE_NUMBER" or "... Error: CONCURRENT_TRANSACTIONS". A retry that does not succeed ends in an
 * error the producer and its app log (kept), and the broker's other errors are kept.
 */
public final class ProducerRetryNoiseFilter extends Filter<ILoggingEvent> {

    static final String BROKER_LOGGER = "kafka.server.ReplicaManager";
    static final String PRODUCER_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";
    private static final List<String> RETRIED =
            List.of("Error: OUT_OF_ORDER_SEQUENCE_NUMBER", "Error: CONCURRENT_TRANSACTIONS");

    @Override
    public FilterReply decide(final ILoggingEvent event) {
        if (event.getLevel() == Level.ERROR && BROKER_LOGGER.equals(event.getLoggerName())) {
            final IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null && EXCEPTION.equals(thrown.getClassName())) {
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
