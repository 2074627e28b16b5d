package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaTargetTest {

    @CommandLine.Command(name = "probe")
    static final class Probe implements Runnable {
        @CommandLine.Mixin
        KafkaTarget target;

        @Override
        public void run() {}
    }

    @Test
    void shouldLetFileOverrideOptionsAndEnvironmentOverrideFileWhenLayering(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nbootstrap.servers=file:9093\nsasl.mechanism=PLAIN\n");
        final Probe probe = new Probe();
        new CommandLine(probe).parseArgs("--bootstrap-servers", "option:9092", "--client-config", file.toString());

        final Map<String, Object> config = probe.target.clientConfig(
                Map.of("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_", "ignored", "PATH", "/usr/bin"));

        assertThat(config)
                .containsEntry("bootstrap.servers", "file:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7")
                .doesNotContainKey("path")
                .doesNotContainKey("");
    }

    @Test
    void shouldSetHyphenatedServiceSettingsWhenNamedByEnvironmentVariables() {
        final Probe probe = new Probe();
        new CommandLine(probe).parseArgs();

        final Map<String, Object> config = probe.target.clientConfig(Map.of(
                "KAFKA_APP_RELIABILITY_CACHE_MAX_INCIDENTS", "5000",
                "KAFKA_APP_TOPIC_REPLICATION_FACTOR", "3",
                "KAFKA_MAX_POLL_RECORDS", "200"));

        assertThat(config)
                .containsEntry("app.reliability.cache.max-incidents", "5000")
                .containsEntry("app.topic.replication-factor", "3")
                .containsEntry("max.poll.records", "200");
    }
}
