package dev.incidentmonitor.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.ingest.catalog.CatalogException;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {

    @Test
    void shouldSplitAppSettingsFromClientSettingsWhenReadFromTheEnvironment() {
        final IngestConfig config = IngestConfig.load(
                null,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:19092",
                        "KAFKA_SCHEMA_REGISTRY_URL", "http://schema-registry:8080/apis/ccompat/v7",
                        "KAFKA_APP_INSTANCE_ID", "ingest-7",
                        "KAFKA_APP_METRICS_HOST", "0.0.0.0",
                        "KAFKA_APP_METRICS_PORT", "9411",
                        "KAFKA_APP_TOPIC_PARTITIONS", "12",
                        "KAFKA_APP_TOPIC_REPLICATION_FACTOR", "3",
                        "PATH", "/usr/bin"));

        assertThat(config.kafka())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers", "kafka:19092",
                        "schema.registry.url", "http://schema-registry:8080/apis/ccompat/v7"));
        assertThat(config.getString(IngestConfig.INSTANCE_ID)).isEqualTo("ingest-7");
        assertThat(config.getString(IngestConfig.METRICS_HOST)).isEqualTo("0.0.0.0");
        assertThat(config.getInt(IngestConfig.METRICS_PORT)).isEqualTo(9411);
        assertThat(config.topics())
                .isEqualTo(new IngestTopics(
                        "incident-updates", "component-status-changes", "incident-monitor-ingest-progress", 12, (short)
                                3));
    }

    @Test
    void shouldUseTheLaunchersDefaultsWhenNothingIsSet() {
        final IngestConfig config = IngestConfig.load(null, Map.of());

        assertThat(config.topics()).isEqualTo(IngestTopics.DEFAULTS);
        assertThat(config.getString(IngestConfig.INSTANCE_ID)).isEqualTo("ingest-1");
        assertThat(config.getString(IngestConfig.GROUP_ID)).isEqualTo("incident-monitor-ingest");
        assertThat(config.getString(IngestConfig.METRICS_HOST)).isEqualTo("127.0.0.1");
        assertThat(config.getInt(IngestConfig.METRICS_PORT)).isEqualTo(9401);
        assertThat(config.catalog().source()).isEqualTo("classpath:providers.yaml");
    }

    @Test
    void shouldFailBeforeConnectingWhenAnAppSettingIsInvalid() {
        assertThatThrownBy(() -> IngestConfig.load(null, Map.of("KAFKA_APP_METRICS_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("app.metrics.port");
        assertThatThrownBy(() -> IngestConfig.load(null, Map.of("KAFKA_APP_TOPIC_REPLICATION_FACTOR", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("app.topic.replication-factor");
    }

    @Test
    void shouldReadTheCatalogueFileWhenOneIsConfigured(@TempDir final Path dir) throws Exception {
        final Path catalog = dir.resolve("providers.yaml");
        Files.writeString(
                catalog,
                """
                providers:
                  - id: example
                    name: Example
                    platform: statuspage
                    base-url: https://status.example.com
                """,
                StandardCharsets.UTF_8);

        final IngestConfig config = IngestConfig.load(null, Map.of("KAFKA_APP_CATALOG", catalog.toString()));

        assertThat(config.catalog().providers()).singleElement().satisfies(p -> assertThat(p.id())
                .isEqualTo("example"));
    }

    @Test
    void shouldNameTheFileWhenTheCatalogueIsMissing(@TempDir final Path dir) {
        final IngestConfig config = IngestConfig.load(
                null, Map.of("KAFKA_APP_CATALOG", dir.resolve("none.yaml").toString()));

        assertThatThrownBy(config::catalog).isInstanceOf(CatalogException.class).hasMessageContaining("none.yaml");
    }

    @Test
    void shouldLetTheEnvironmentWinWhenTheFileSetsTheSameKey(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("ingest.properties");
        Files.writeString(
                file,
                "app.instance.id=from-file\nsecurity.protocol=SASL_SSL\nsasl.jaas.config=secret-stuff\n",
                StandardCharsets.UTF_8);

        final IngestConfig config = IngestConfig.load(file, Map.of("KAFKA_APP_INSTANCE_ID", "from-env"));

        assertThat(config.getString(IngestConfig.INSTANCE_ID)).isEqualTo("from-env");
        assertThat(config.kafka()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.masked())
                .containsEntry("sasl.jaas.config", "[hidden]")
                .containsEntry("app.instance.id", "from-env");
    }
}
