package dev.incidentmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import dev.incidentmonitor.testkit.IncidentMonitorStack;
import dev.incidentmonitor.testkit.WithKafka;
import dev.incidentmonitor.testkit.WithSchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that our serde speaks Confluent's wire format and registry API: records cross both ways between our
 * Java serde and Confluent's own Python client ({@code confluent_kafka.avro}, Debian's python3-confluent-kafka),
 * through the real broker and the real registry.
 *
 * <p>Keys are null: the legacy Python {@code AvroConsumer} decodes keys as Avro only.
 */
@WithKafka
@WithSchemaRegistry
class ConfluentPythonInteropIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("src/test/python/confluent_interop.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requireConfluentPythonClient() throws Exception {
        final ProcessResult probe =
                run(List.of(PYTHON, "-c", "import confluent_kafka.avro, avro"), Duration.ofSeconds(30));
        if (probe.exitCode() != 0) {
            final String why = "Confluent's Python client is not installed ("
                    + probe.output().strip()
                    + "): apt-get install python3-confluent-kafka python3-avro python3-requests";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    @Test
    void shouldBeDecodedByConfluentPythonClientWhenWrittenByOurSerializer(final IncidentMonitorStack stack)
            throws Exception {
        final String topic = "interop-java-to-python-" + UUID.randomUUID();
        stack.createTopic(topic, 1, Map.of());
        final IncidentUpdate update = sampleUpdate();

        try (KafkaProducer<byte[], IncidentUpdate> producer =
                new KafkaProducer<>(producerConfig(stack), new ByteArraySerializer(), serializer(stack))) {
            producer.send(new ProducerRecord<>(topic, null, update)).get(30, TimeUnit.SECONDS);
        }

        final ProcessResult consumed = run(
                List.of(PYTHON, SCRIPT.toString(), "consume", stack.bootstrapServers(), registryRoot(stack), topic),
                Duration.ofSeconds(90));
        assertThat(consumed.exitCode()).as(consumed.output()).isZero();
        final JsonNode value = JSON.readTree(lastLine(consumed.output())).get("value");

        assertThat(value.get("provider").asText()).isEqualTo("openai");
        assertThat(value.get("incident_id").asText()).isEqualTo("w20mcckg1748");
        assertThat(value.get("status").asText()).isEqualTo("INVESTIGATING");
        assertThat(value.get("impact").asText()).isEqualTo("MAJOR");
        assertThat(value.get("body").asText()).isEqualTo("We are investigating elevated errors — ünïcödé.");
        assertThat(value.get("display_time").asLong())
                .isEqualTo(update.getDisplayTime().toEpochMilli());
        assertThat(value.get("created_time").isNull()).isTrue();
        assertThat(value.get("source").asText()).isEqualTo("POLL");
        assertThat(value.get("correction").asBoolean()).isFalse();
        final JsonNode component = value.get("affected_components").get(0);
        assertThat(component.get("component_id").asText()).isEqualTo("chatgpt");
        assertThat(component.get("old_status").asText()).isEqualTo("OPERATIONAL");
        assertThat(component.get("new_status").asText()).isEqualTo("MAJOR_OUTAGE");
        assertThat(subjects(stack)).contains(topic + "-value");
    }

    @Test
    void shouldDecodeRecordWhenWrittenByConfluentPythonClient(final IncidentMonitorStack stack, @TempDir final Path dir)
            throws Exception {
        final String topic = "interop-python-to-java-" + UUID.randomUUID();
        stack.createTopic(topic, 1, Map.of());
        final Path schemaFile = dir.resolve("schema.avsc");
        Files.writeString(schemaFile, IncidentUpdate.getClassSchema().toString(), StandardCharsets.UTF_8);
        final Path valueFile = dir.resolve("value.json");
        Files.writeString(valueFile, PYTHON_VALUE, StandardCharsets.UTF_8);

        final ProcessResult produced = run(
                List.of(
                        PYTHON,
                        SCRIPT.toString(),
                        "produce",
                        stack.bootstrapServers(),
                        registryRoot(stack),
                        topic,
                        schemaFile.toString(),
                        valueFile.toString()),
                Duration.ofSeconds(90));
        assertThat(produced.exitCode()).as(produced.output()).isZero();

        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(stack), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        final byte[] raw = records.get(0).value();
        assertThat(raw[0]).as("magic byte").isZero();
        final int writerId = ByteBuffer.wrap(raw, 1, 4).getInt();

        final IncidentUpdate decoded;
        try (AvroDeserializer<IncidentUpdate> deserializer = new AvroDeserializer<>(IncidentUpdate.class)) {
            deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()), false);
            decoded = deserializer.deserialize(topic, raw);
        }

        assertThat(writerId).isEqualTo(latestId(stack, topic + "-value"));
        assertThat(decoded.getProvider()).isEqualTo("anthropic");
        assertThat(decoded.getIncidentId()).isEqualTo("t33dncr5ydvl");
        assertThat(decoded.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(decoded.getImpact()).isEqualTo(Impact.MINOR);
        assertThat(decoded.getDisplayTime()).isEqualTo(Instant.ofEpochMilli(1_726_400_000_000L));
        assertThat(decoded.getCreatedTime()).isEqualTo(Instant.ofEpochMilli(1_726_400_060_000L));
        assertThat(decoded.getSource()).isEqualTo(EventSource.IMPORT);
        assertThat(decoded.getCorrection()).isTrue();
        assertThat(decoded.getPreviousContentHash()).isEqualTo("abc123");
        assertThat(decoded.getAffectedComponents())
                .containsExactly(new AffectedComponent(
                        "yyzkbfz2thpt", "claude.ai", ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.OPERATIONAL));
        assertThat(decoded.getIncidentComponents()).containsExactly(new ServiceRef("yyzkbfz2thpt", "claude.ai"));
    }

    private static final String PYTHON_VALUE = "{\"provider\": \"anthropic\", \"page_id\": \"tymt9n04zgry\","
            + " \"incident_id\": \"t33dncr5ydvl\", \"update_id\": \"u1\", \"status\": \"RESOLVED\","
            + " \"impact\": \"MINOR\", \"incident_title\": \"Elevated errors\", \"body\": \"Resolved.\","
            + " \"display_time\": 1726400000000, \"created_time\": 1726400060000, \"observed_time\": 1726400100000,"
            + " \"affected_components\": [{\"component_id\": \"yyzkbfz2thpt\", \"name\": \"claude.ai\","
            + " \"old_status\": \"PARTIAL_OUTAGE\", \"new_status\": \"OPERATIONAL\"}],"
            + " \"incident_components\": [{\"component_id\": \"yyzkbfz2thpt\", \"name\": \"claude.ai\"}],"
            + " \"source\": \"IMPORT\", \"content_hash\": \"def456\", \"correction\": true,"
            + " \"previous_content_hash\": \"abc123\", \"incident_url\": null}";

    private static IncidentUpdate sampleUpdate() {
        return IncidentUpdate.newBuilder()
                .setProvider("openai")
                .setPageId("01JMDK9XYNY6RXSED6SDWW50WY")
                .setIncidentId("w20mcckg1748")
                .setUpdateId("u-1")
                .setStatus(IncidentStatus.INVESTIGATING)
                .setImpact(Impact.MAJOR)
                .setIncidentTitle("Elevated errors on ChatGPT")
                .setBody("We are investigating elevated errors — ünïcödé.")
                .setDisplayTime(Instant.parse("2024-04-10T17:56:00Z"))
                .setObservedTime(Instant.parse("2024-04-10T17:57:12.345Z"))
                .setAffectedComponents(List.of(new AffectedComponent(
                        "chatgpt", "ChatGPT", ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE)))
                .setSource(EventSource.POLL)
                .setContentHash("0123abcd")
                .build();
    }

    private static AvroSerializer<IncidentUpdate> serializer(final IncidentMonitorStack stack) {
        final AvroSerializer<IncidentUpdate> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()), false);
        return serializer;
    }

    private static Map<String, Object> producerConfig(final IncidentMonitorStack stack) {
        final Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static Map<String, Object> consumerConfig(final IncidentMonitorStack stack) {
        final Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "interop-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** The Python client appends /subjects/... to the URL it is given, exactly as Confluent's Java client does. */
    private static String registryRoot(final IncidentMonitorStack stack) {
        return stack.schemaRegistryUrl();
    }

    private static String subjects(final IncidentMonitorStack stack) throws IOException, InterruptedException {
        return get(stack.schemaRegistryUrl() + "/subjects");
    }

    private static int latestId(final IncidentMonitorStack stack, final String subject)
            throws IOException, InterruptedException {
        return JSON.readTree(get(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions/latest"))
                .get("id")
                .asInt();
    }

    private static String get(final String url) throws IOException, InterruptedException {
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private static String lastLine(final String output) {
        final String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    private record ProcessResult(int exitCode, String output) {}

    private static ProcessResult run(final List<String> command, final Duration timeout) throws Exception {
        final Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (final IOException e) {
            return new ProcessResult(127, e.getMessage());
        }
        final byte[][] output = new byte[1][];
        final Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (final IOException e) {
                output[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join(5_000);
            return new ProcessResult(-1, "timed out after " + timeout + ": " + String.join(" ", command));
        }
        reader.join(5_000);
        return new ProcessResult(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }
}
