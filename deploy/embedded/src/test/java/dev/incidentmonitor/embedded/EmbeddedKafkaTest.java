package dev.incidentmonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final String TOPIC = "service-status-updates";

    @Test
    void shouldKeepTopicRecordsAndClusterIdWhenRestartedOnSameDataDir(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            assertThat(kafka.formattedStorage()).isTrue();
            assertThat(kafka.createTopic(TOPIC, 2, Map.of("cleanup.policy", "compact")))
                    .isTrue();
            produce(kafka.bootstrapServers(), "openai", "major_outage");
            clusterId = kafka.clusterId();
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            assertThat(kafka.formattedStorage()).isFalse();
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(kafka.createTopic(TOPIC, 2, Map.of())).isFalse();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(TOPIC);
            }
            List<ConsumerRecord<String, String>> records = consumeAtLeastOne(kafka.bootstrapServers());
            assertThat(records)
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("openai", "major_outage"));
        }
    }

    @Test
    void shouldRefuseSecondBrokerAndKeepFirstWorkingWhenDataDirIsInUse(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).start()) {
            assertThatThrownBy(() -> EmbeddedKafka.builder().dataDir(dataDir).start())
                    .isInstanceOf(EmbeddedStartupException.class)
                    .hasMessage("the Kafka data directory " + dataDir.toAbsolutePath()
                            + " is in use by another Kafka broker (is another local run still up?)");

            kafka.createTopic(TOPIC, 1, Map.of());
            produce(kafka.bootstrapServers(), "mistral", "operational");
            assertThat(consumeAtLeastOne(kafka.bootstrapServers()))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("operational");
        }
    }

    @Test
    void shouldDeleteDataDirWhenTemporaryBrokerIsClosed() {
        Path dataDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            dataDir = kafka.dataDir();
            assertThat(dataDir.resolve("meta.properties")).exists();
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldFailWithClearMessageWhenPortIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafka.HOST))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(port).start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageStartingWith("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void shouldFailWithClearMessageWhenDataDirIsNotWritable(@TempDir Path dir) throws IOException {
        // A path below a regular file cannot be created, even by root.
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path dataDir = file.resolve("kafka");
        assertThatThrownBy(() -> EmbeddedKafka.builder().dataDir(dataDir).start())
                .isInstanceOf(EmbeddedStartupException.class)
                .hasMessageContaining(dataDir.toString())
                .hasMessageContaining("is not writable");
    }

    private static void produce(String bootstrapServers, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAtLeastOne(String bootstrapServers) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        return records;
    }
}
