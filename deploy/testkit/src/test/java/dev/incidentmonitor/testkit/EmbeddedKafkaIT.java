package dev.incidentmonitor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WithKafka
class EmbeddedKafkaIT {

    @Test
    void shouldDeliverOnlyCommittedRecordsWhenConsumerReadsCommitted(IncidentMonitorStack stack) {
        String topic = "transactional-status-updates";
        assertThat(stack.createTopic(topic, 1, Map.of())).isTrue();

        Map<String, Object> producerConfig = new HashMap<>(stack.kafkaClientConfig());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "anthropic", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "anthropic", "committed"));
            producer.commitTransaction();
        }

        Map<String, Object> consumerConfig = new HashMap<>(stack.kafkaClientConfig());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                assertThat(values).contains("committed");
            });
        }
        assertThat(values).containsExactly("committed");
    }

    @Test
    void shouldTreatExistingTopicAsCreatedWhenCreatedTwice(IncidentMonitorStack stack) {
        assertThat(stack.createTopic("twice-created-topics", 1, Map.of())).isTrue();
        assertThat(stack.createTopic("twice-created-topics", 1, Map.of())).isFalse();
    }
}
