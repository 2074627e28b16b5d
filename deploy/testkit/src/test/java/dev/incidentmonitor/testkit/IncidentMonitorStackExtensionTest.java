package dev.incidentmonitor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class IncidentMonitorStackExtensionTest {

    private static final List<String> SEEN_BOOTSTRAP_SERVERS = new CopyOnWriteArrayList<>();
    private static final List<Boolean> CREATED = new CopyOnWriteArrayList<>();

    @Test
    void shouldShareOneBrokerWhenSeveralClassesAskForKafka() {
        SEEN_BOOTSTRAP_SERVERS.clear();
        CREATED.clear();

        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstKafkaUser.class), selectClass(SecondKafkaUser.class))
                .execute()
                .testEvents();

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(SEEN_BOOTSTRAP_SERVERS).hasSize(2);
        assertThat(SEEN_BOOTSTRAP_SERVERS.get(0)).isEqualTo(SEEN_BOOTSTRAP_SERVERS.get(1));
        // Whichever class ran first created the topic; the other found it on the same broker.
        assertThat(CREATED).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void shouldExplainMissingAnnotationWhenHandleLacksAService() {
        IncidentMonitorStack kafkaOnly = new IncidentMonitorStack("127.0.0.1:1", null);

        assertThatThrownBy(kafkaOnly::schemaRegistryUrl).hasMessageContaining("@WithSchemaRegistry");
        assertThatThrownBy(new IncidentMonitorStack(null, "http://x")::bootstrapServers)
                .hasMessageContaining("@WithKafka");
    }

    @Test
    void shouldFailClassWithBuildHintWhenRegistryIsRequiredButNotBuilt(@TempDir Path dir) {
        String previous = System.getProperty(EmbeddedSchemaRegistry.HOME_PROPERTY);
        System.setProperty(
                EmbeddedSchemaRegistry.HOME_PROPERTY, dir.resolve("missing").toString());
        System.setProperty(IncidentMonitorStackExtension.REQUIRE_REGISTRY_PROPERTY, "true");
        try {
            Events classes = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(RegistryUser.class))
                    .execute()
                    .containerEvents();

            classes.assertStatistics(stats -> stats.aborted(0).failed(1));
        } finally {
            System.clearProperty(IncidentMonitorStackExtension.REQUIRE_REGISTRY_PROPERTY);
            if (previous == null) {
                System.clearProperty(EmbeddedSchemaRegistry.HOME_PROPERTY);
            } else {
                System.setProperty(EmbeddedSchemaRegistry.HOME_PROPERTY, previous);
            }
        }
    }

    @Test
    void shouldSkipClassWithBuildHintWhenRegistryIsNotBuilt(@TempDir Path dir) {
        String previous = System.getProperty(EmbeddedSchemaRegistry.HOME_PROPERTY);
        System.setProperty(
                EmbeddedSchemaRegistry.HOME_PROPERTY, dir.resolve("missing").toString());
        System.setProperty(IncidentMonitorStackExtension.REQUIRE_REGISTRY_PROPERTY, "false");
        try {
            Events classes = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(RegistryUser.class))
                    .execute()
                    .containerEvents();

            classes.assertStatistics(stats -> stats.aborted(1).failed(0));
            assertThat(classes.aborted().stream().map(event -> event.getPayload(TestExecutionResult.class)
                            .flatMap(TestExecutionResult::getThrowable)
                            .map(Throwable::getMessage)
                            .orElse("")))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("schema registry not built: " + dir.resolve("missing"))
                    .contains("-pl deploy/schema-registry");
        } finally {
            System.clearProperty(IncidentMonitorStackExtension.REQUIRE_REGISTRY_PROPERTY);
            if (previous == null) {
                System.clearProperty(EmbeddedSchemaRegistry.HOME_PROPERTY);
            } else {
                System.setProperty(EmbeddedSchemaRegistry.HOME_PROPERTY, previous);
            }
        }
    }

    @WithSchemaRegistry
    static class RegistryUser {
        @Test
        void neverRuns(IncidentMonitorStack stack) {
            throw new AssertionError("should have been skipped, registry at " + stack.schemaRegistryUrl());
        }
    }

    @WithKafka
    static class FirstKafkaUser {
        @Test
        void recordBootstrapServers(IncidentMonitorStack stack) {
            record(stack);
        }
    }

    @WithKafka
    static class SecondKafkaUser {
        @Test
        void recordBootstrapServers(IncidentMonitorStack stack) {
            record(stack);
        }
    }

    private static void record(IncidentMonitorStack stack) {
        CREATED.add(stack.createTopic("kafka-users", 1, Map.of()));
        SEEN_BOOTSTRAP_SERVERS.add(stack.bootstrapServers());
    }
}
