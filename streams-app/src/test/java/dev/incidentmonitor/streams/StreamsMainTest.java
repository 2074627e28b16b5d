package dev.incidentmonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StreamsMainTest {

    @Test
    void shouldMapVariablesToStreamsAndAppSettingsWhenReadFromTheEnvironment() {
        final Map<String, Object> settings = StreamsMain.settings(
                null,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:19092",
                        "KAFKA_APPLICATION_ID", "incident-monitor-streams",
                        "KAFKA_STATE_DIR", "/var/lib/incident-monitor/streams/state",
                        "KAFKA_APP_INSTANCE_ID", "streams-app-2",
                        "KAFKA_APP_AVAILABILITY_TIME_ZONE", "Europe/Paris",
                        "KAFKA_APP_TOPIC_REPLICATION_FACTOR", "3",
                        "HOSTNAME", "c0ffee"));

        assertThat(settings)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap.servers",
                        "kafka:19092",
                        "application.id",
                        "incident-monitor-streams",
                        "state.dir",
                        "/var/lib/incident-monitor/streams/state",
                        StreamsMain.INSTANCE_ID,
                        "streams-app-2",
                        StreamsAppConfig.AVAILABILITY_TIME_ZONE,
                        "Europe/Paris",
                        StreamsAppConfig.TOPIC_REPLICATION,
                        "3"));
        final StreamsAppConfig config = new StreamsAppConfig(settings);
        assertThat(config.getShort(StreamsAppConfig.TOPIC_REPLICATION)).isEqualTo((short) 3);
        assertThat(config.applicationId()).isEqualTo("incident-monitor-streams");
    }

    @Test
    void shouldFailBeforeConnectingWhenAnAppSettingIsInvalid() {
        final Map<String, Object> settings = new HashMap<>(StreamsMain.settings(
                null,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                        "KAFKA_APP_AVAILABILITY_TIME_ZONE", "Mars/Olympus_Mons")));

        assertThatThrownBy(() -> StreamsMain.start(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsAppConfig.AVAILABILITY_TIME_ZONE);
    }
}
