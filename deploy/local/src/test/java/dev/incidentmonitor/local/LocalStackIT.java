package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.Ports;
import dev.incidentmonitor.schema.IncidentState;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import dev.incidentmonitor.serde.SchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {

    @Test
    void shouldKeepTopicAndSchemaIdsWhenStartedTwiceOnSameDataDir(@TempDir Path dataDir) throws Exception {
        Path home = EmbeddedSchemaRegistry.defaultHome();
        assumeTrue(Files.isDirectory(home), () -> "schema registry not built: " + home + " does not exist");
        int kafkaPort = Ports.freePort("127.0.0.1");
        int registryPort = Ports.freePort("127.0.0.1");

        int stateId;
        int updateId;
        try (LocalStack stack = LocalStack.start(dataDir, kafkaPort, registryPort, home)) {
            assertThat(stack.kafka().formattedStorage()).isTrue();
            assertThat(stack.kafka().createTopic("local-run-checks", 1, Map.of()))
                    .isTrue();
            assertThat(get(stack.schemaRegistryUrl() + "/subjects")).isEqualTo(200);
            SchemaRegistryClient registry = client(stack);
            stateId = registry.register("incidents-value", IncidentState.getClassSchema());
            updateId = registry.register("incident-updates-value", IncidentUpdate.getClassSchema());
            assertThat(stateId).isNotEqualTo(updateId);
            assertThat(UpCommand.banner(stack, null, null, null, true))
                    .contains("bootstrap servers    127.0.0.1:" + kafkaPort)
                    .contains("schema registry URL  " + stack.schemaRegistryUrl());
        }
        try (LocalStack stack = LocalStack.start(dataDir, kafkaPort, registryPort, home)) {
            assertThat(stack.kafka().formattedStorage()).isFalse();
            assertThat(stack.kafka().createTopic("local-run-checks", 1, Map.of()))
                    .isFalse();
            // The records kept in Kafka name schema ids: after a restart they must mean the same schemas, whatever
            // registers first this time.
            SchemaRegistryClient registry = client(stack);
            assertThat(registry.register("incident-updates-value", IncidentUpdate.getClassSchema()))
                    .isEqualTo(updateId);
            assertThat(registry.getSchemaById(stateId)).isEqualTo(IncidentState.getClassSchema());
        }
    }

    private static SchemaRegistryClient client(LocalStack stack) {
        return SchemaRegistryClient.create(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl())));
    }

    private static int get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
