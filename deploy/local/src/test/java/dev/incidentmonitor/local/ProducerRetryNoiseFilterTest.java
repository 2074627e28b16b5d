package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class ProducerRetryNoiseFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ProducerRetryNoiseFilter filter = new ProducerRetryNoiseFilter();

    private FilterReply decide(final String logger, final Level level, final String message, final Throwable thrown) {
        final Logger log = context.getLogger(logger);
        return filter.decide(new LoggingEvent(Logger.class.getName(), log, level, message, thrown, null));
    }

    @Test
    void shouldDropTheBrokersErrorAboutAFirstBatchOfTransactionsV2AndTheProducersRetry() {
        // As Kafka 4.3.1 logs them at each transactional producer's first batches (seen in every `up`)
        assertThat(decide(
                        ProducerRetryNoiseFilter.BROKER_LOGGER,
                        Level.ERROR,
                        "[ReplicaManager broker=1] Error processing append operation on partition x:incidents-4",
                        new OutOfOrderSequenceException("Invalid sequence number for producer 0 at offset 17 in"
                                + " partition incidents-4: 6 (incoming seq. number). Expected sequence 0 for"
                                + " transactions v2 idempotent producer with no existing state.")))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide(
                        ProducerRetryNoiseFilter.PRODUCER_LOGGER,
                        Level.WARN,
                        "[Producer clientId=p, transactionalId=t] Got error produce response with correlation id 26"
                                + " on topic-partition incidents-4, retrying (2147483646 attempts left). Error:"
                                + " OUT_OF_ORDER_SEQUENCE_NUMBER",
                        null))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide(
                        ProducerRetryNoiseFilter.PRODUCER_LOGGER,
                        Level.WARN,
                        "[Producer clientId=p, transactionalId=t] Got error produce response with correlation id 76"
                                + " on topic-partition incidents-3, retrying (2147483646 attempts left). Error:"
                                + " CONCURRENT_TRANSACTIONS",
                        null))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldDropTheBrokersErrorAboutBatchesBehindOneRefusedWithConcurrentTransactions() {
        // As Kafka 4.3.1 logged them in an `up`, two seconds after the streams-app began to run
        assertThat(decide(
                        ProducerRetryNoiseFilter.BROKER_LOGGER,
                        Level.ERROR,
                        "[ReplicaManager broker=1] Error processing append operation on partition"
                                + " x:service-availability-daily-1",
                        new OutOfOrderSequenceException("Out of order sequence number for producer 1 at offset 105"
                                + " in partition service-availability-daily-1: 13 (incoming seq. number), 2 (current"
                                + " end sequence number)")))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldKeepEveryOtherLine() {
        assertThat(decide(
                        ProducerRetryNoiseFilter.BROKER_LOGGER,
                        Level.ERROR,
                        "[ReplicaManager broker=1] Error processing append operation on partition incidents-0",
                        new IllegalStateException("disk full")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(
                        ProducerRetryNoiseFilter.PRODUCER_LOGGER,
                        Level.WARN,
                        "[Producer clientId=p] Got error produce response with correlation id 3 on topic-partition"
                                + " incidents-0, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER",
                        null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(
                        ProducerRetryNoiseFilter.PRODUCER_LOGGER,
                        Level.ERROR,
                        "[Producer clientId=p] Aborting producer batches due to fatal error:"
                                + " OUT_OF_ORDER_SEQUENCE_NUMBER",
                        null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("dev.incidentmonitor.streams.StreamsApp", Level.ERROR, "anything", null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
