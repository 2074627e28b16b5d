package dev.incidentmonitor.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    @Test
    void shouldSendOutputAsItComesWhenTheCallerSetsNoLinger() {
        final StreamsAppConfig config = new StreamsAppConfig(Map.of());

        assertThat(config.kafka())
                .as("not Kafka Streams' 100 ms, which leaves a commit's output to its flush")
                .containsEntry("producer.linger.ms", 5)
                .containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void shouldKeepTheCallersLingerWhenOneIsSet() {
        final StreamsAppConfig config = new StreamsAppConfig(Map.of("producer.linger.ms", "100"));

        assertThat(config.kafka()).containsEntry("producer.linger.ms", "100");
    }

    @Test
    void shouldCommitEveryFiftyMillisecondsUnlessTheCallerSaysOtherwise() {
        assertThat(new StreamsAppConfig(Map.of()).kafka())
                .as("half of Kafka's exactly-once 100 ms: a commit is what makes an output visible")
                .containsEntry("commit.interval.ms", 50L)
                .containsEntry("processing.exception.handler.global.enabled", true)
                .containsEntry("main.consumer.processing.exception.handler.global.enabled", true);
        assertThat(new StreamsAppConfig(Map.of("commit.interval.ms", "200")).kafka())
                .containsEntry("commit.interval.ms", "200");
    }
}
