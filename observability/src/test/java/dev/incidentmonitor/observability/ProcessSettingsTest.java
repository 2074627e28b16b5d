package dev.incidentmonitor.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSettingsTest {

    private static final List<String> KNOWN = List.of("app.topic.replication-factor", "app.metrics.port");

    @Test
    void shouldMapUnderscoresToDotsWhenVariableNamesNoKnownSetting() {
        final Map<String, Object> settings = ProcessSettings.load(
                null,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:19092",
                        "KAFKA_SCHEMA_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7",
                        "KAFKA_STATE_DIR", "/var/lib/x"),
                KNOWN);

        assertThat(settings)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers", "kafka:19092",
                        "schema.registry.url", "http://registry:8080/apis/ccompat/v7",
                        "state.dir", "/var/lib/x"));
    }

    @Test
    void shouldSetHyphenatedSettingWhenVariableIsItsEnvironmentName() {
        final Map<String, Object> settings =
                ProcessSettings.load(null, Map.of("KAFKA_APP_TOPIC_REPLICATION_FACTOR", "3"), KNOWN);

        assertThat(settings).containsExactly(Map.entry("app.topic.replication-factor", "3"));
    }

    @Test
    void shouldIgnoreVariablesWhenTheyLackThePrefixOrAName() {
        final Map<String, Object> settings =
                ProcessSettings.load(null, Map.of("HOSTNAME", "abc", "KAFKA_", "x", "JAVA_HOME", "/usr"), KNOWN);

        assertThat(settings).isEmpty();
    }

    @Test
    void shouldLetEnvironmentWinWhenFileSetsTheSameKey(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("streams.properties");
        Files.writeString(
                file,
                "app.metrics.port=9000\nsecurity.protocol=SASL_SSL\napp.topic.replication-factor=3\n",
                StandardCharsets.UTF_8);

        final Map<String, Object> settings =
                ProcessSettings.load(file, Map.of("KAFKA_APP_METRICS_PORT", "9402"), KNOWN);

        assertThat(settings)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "app.metrics.port", "9402",
                        "security.protocol", "SASL_SSL",
                        "app.topic.replication-factor", "3"));
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead(@TempDir final Path dir) {
        final Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> ProcessSettings.load(missing, Map.of(), KNOWN))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.properties");
    }

    @Test
    void shouldUpperCaseAndReplacePunctuationWhenNamingTheVariable() {
        assertThat(ProcessSettings.environmentName("app.availability.time-zone"))
                .isEqualTo("KAFKA_APP_AVAILABILITY_TIME_ZONE");
    }
}
