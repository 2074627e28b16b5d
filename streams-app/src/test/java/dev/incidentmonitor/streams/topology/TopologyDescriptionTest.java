package dev.incidentmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.serde.InMemorySchemaRegistryClient;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Golden-file test of {@code topology.describe()}: a renamed processor, store or internal topic orphans state and
 * changelogs in a running deployment, so any change to the description has to show up in code review as a diff of
 * {@code src/test/resources/topology/describe.txt}.
 *
 * <p>After an intended change, regenerate the file and commit it with the change:
 *
 * <pre>
 * ./mvnw -o -pl streams-app -am test -Dtest=TopologyDescriptionTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dupdate.golden=true
 * </pre>
 *
 * With the system property {@code update.golden=true} the test rewrites the file instead of comparing.
 */
class TopologyDescriptionTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "topology", "describe.txt");

    @Test
    void shouldDescribeTopologyExactlyAsGoldenFileWhenBuiltFromDefaults() throws IOException {
        final String scope = "describe-" + UUID.randomUUID();
        final String description;
        try {
            final StreamsAppConfig config = new StreamsAppConfig(Map.of(
                    "bootstrap.servers",
                    "unused:9092",
                    "schema.registry.url",
                    InMemorySchemaRegistryClient.MOCK_URL_PREFIX + scope));
            description = IncidentTopology.build(config, StreamsTopics.from(config))
                    .describe()
                    .toString();
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
        }

        if (Boolean.getBoolean("update.golden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
        }

        assertThat(GOLDEN)
                .as("golden file; regenerate with -Dupdate.golden=true")
                .exists();
        assertThat(description).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
