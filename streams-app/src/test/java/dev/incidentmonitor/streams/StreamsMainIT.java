package dev.incidentmonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.observability.ProcessSettings;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.testkit.IncidentMonitorStack;
import dev.incidentmonitor.testkit.WithKafka;
import dev.incidentmonitor.testkit.WithSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's entry point configured the way the image is, from {@code KAFKA_*} variables only: its
 * application id, state directory, topic names (hyphenated settings included), metrics port and instance id all
 * take effect on a real broker.
 */
@WithKafka
@WithSchemaRegistry
class StreamsMainIT {

    @Test
    void shouldRunAsConfiguredFromTheEnvironmentAndLeaveItsGroupWhenClosed(
            final IncidentMonitorStack stack, @TempDir final Path dir) throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final Path stateDir = dir.resolve("state");
        final Map<String, String> environment = environment(stack, "main-" + suffix, stateDir, suffix);

        try (StreamsApp app = StreamsMain.start(StreamsMain.settings(null, environment))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> get(app.metricsPort(), "/health/ready").statusCode() == 200);

            assertThat(get(app.metricsPort(), "/metrics").body())
                    .contains("incident_monitor_streams_state{application=\"streams-app\",instance=\"streams-" + suffix
                            + "\",state=\"running\"} 1.0");
            // Kafka Streams keeps an application's state under <state.dir>/<application.id>.
            assertThat(stateDir.resolve("main-" + suffix)).isDirectory();
            try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
                assertThat(admin.listTopics().names().get())
                        .contains("incident-updates-" + suffix, "service-cooccurrence-" + suffix);
                assertThat(admin.describeTopics(List.of("incidents-" + suffix))
                                .allTopicNames()
                                .get()
                                .get("incidents-" + suffix)
                                .partitions())
                        .hasSize(2);
            }
        }

        // Closed, it has left its group: a restart (or another instance) need not wait out its session timeout.
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            assertThat(admin.describeConsumerGroups(List.of("main-" + suffix))
                            .all()
                            .get()
                            .get("main-" + suffix)
                            .members())
                    .isEmpty();
        }
        try (StreamsApp app = StreamsMain.start(StreamsMain.settings(null, environment))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30)) // the session timeout is 45 s
                    .until(() -> get(app.metricsPort(), "/health/ready").statusCode() == 200);
        }
    }

    @Test
    void shouldStayInItsGroupWhenClosedAsAStaticMemberAndTakeItsPlaceBackAtOnce(
            final IncidentMonitorStack stack, @TempDir final Path dir) throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        final String group = "static-" + suffix;
        final Map<String, String> environment = environment(stack, group, dir.resolve("state"), suffix);
        environment.put("KAFKA_GROUP_INSTANCE_ID", "streams-" + suffix);

        try (StreamsApp app = StreamsMain.start(StreamsMain.settings(null, environment))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> get(app.metricsPort(), "/health/ready").statusCode() == 200);
        }

        // Closed, the static member is still in the group, under its instance id (Kafka Streams adds the thread).
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            assertThat(describe(admin, group).members())
                    .extracting(member -> member.groupInstanceId().orElse(null))
                    .containsExactly("streams-" + suffix + "-1");
        }
        // Restarted under the same id, it takes its place back at once; had the id not made it a static member, the
        // member it left behind would be waited for until its session timed out (45 s).
        try (StreamsApp app = StreamsMain.start(StreamsMain.settings(null, environment))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(app.metricsPort(), "/health/ready").statusCode() == 200);
        }
    }

    /**
     * The environment of an instance named {@code streams-<suffix>} of {@code applicationId}, its topics' names ending
     * in {@code -<suffix>}.
     */
    private static Map<String, String> environment(
            final IncidentMonitorStack stack, final String applicationId, final Path stateDir, final String suffix) {
        final Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                stack.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL",
                stack.schemaRegistryUrl(),
                "KAFKA_APPLICATION_ID",
                applicationId,
                "KAFKA_STATE_DIR",
                stateDir.toString(),
                "KAFKA_APP_INSTANCE_ID",
                "streams-" + suffix,
                "KAFKA_APP_METRICS_PORT",
                "0",
                "KAFKA_APP_TOPIC_PARTITIONS",
                "2"));
        for (final String topic : StreamsAppConfig.TOPIC_SETTINGS) {
            environment.put(
                    ProcessSettings.environmentName(topic), topic.substring("app.topic.".length()) + "-" + suffix);
        }
        return environment;
    }

    private static ConsumerGroupDescription describe(final Admin admin, final String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    }

    private static HttpResponse<String> get(final int port, final String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
