package dev.incidentmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.serde.AvroSerdeConfig.SubjectNameStrategy;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void shouldUseConfluentDefaultsAndIgnoreUnknownKeysWhenOnlyUrlGiven() {
        final AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://a:8081, http://b:8081",
                "bootstrap.servers",
                "broker:9092",
                "acks",
                "all"));

        assertThat(config.urls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.latestCompatibilityStrict()).isTrue();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.basicAuthCredentialsSource()).isEqualTo("URL");
        assertThat(config.basicAuthUserInfo()).isNull();
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.retryBackoffMs()).isEqualTo(200L);
        assertThat(config.retryBackoffMaxMs()).isEqualTo(5_000L);
        assertThat(config.requestTimeoutMs()).isEqualTo(10_000);
        assertThat(config.subjectNameStrategy(false)).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
    }

    @Test
    void shouldParseStringValuesWhenGivenAsProperties() {
        final AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.SPECIFIC_AVRO_READER, "true",
                AvroSerdeConfig.RETRIES, "5",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "user:secret"));

        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.retries()).isEqualTo(5);
        assertThat(config.basicAuthUserInfo()).isEqualTo("user:secret");
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void shouldRejectInvalidValuesWhenConfigured() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.RETRIES, -1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.RETRIES);
        assertThatThrownBy(() ->
                        new AvroSerdeConfig(Map.of(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
    }

    @Test
    void shouldMapConfluentStrategyNamesAndRejectOthers() {
        final AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "com.example.MyStrategy"));

        assertThat(config.subjectNameStrategy(true).subject("t", true, "a.B")).isEqualTo("t-a.B");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("t", true, "a.B")).isEqualTo("t-key");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("t", false, "a.B")).isEqualTo("t-value");
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("t", false, "a.B")).isEqualTo("a.B");
        assertThatThrownBy(() -> config.subjectNameStrategy(false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("com.example.MyStrategy");
    }

    @Test
    void shouldRequireUrlWhenClientBuiltFromConfig() {
        assertThatThrownBy(() -> SchemaRegistryClient.create(new AvroSerdeConfig(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
}
