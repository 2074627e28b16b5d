package dev.incidentmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.serde.InMemorySchemaRegistryClient.Rule;
import dev.incidentmonitor.serde.testdata.Other;
import dev.incidentmonitor.serde.testdata.Probe;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private final String scopeA = "in-memory-test-a-" + UUID.randomUUID();
    private final String scopeB = "in-memory-test-b-" + UUID.randomUUID();

    @AfterEach
    void dropScopes() {
        InMemorySchemaRegistryClient.dropScope(scopeA);
        InMemorySchemaRegistryClient.dropScope(scopeB);
    }

    @Test
    void shouldShareRegistryWhenSameMockScopeConfigured() {
        final SchemaRegistryClient first = SchemaRegistryClient.create(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scopeA)));
        final SchemaRegistryClient second = SchemaRegistryClient.create(
                new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scopeA)));

        final int id = first.register("s-value", Probe.getClassSchema());

        assertThat(second).isSameAs(first);
        assertThat(second.getSchemaById(id)).isEqualTo(Probe.getClassSchema());
        assertThat(second.url()).isEqualTo("mock://" + scopeA);
    }

    @Test
    void shouldIsolateScopesAndStartEmptyWhenScopeDropped() {
        final InMemorySchemaRegistryClient a = InMemorySchemaRegistryClient.forScope(scopeA);
        final InMemorySchemaRegistryClient b = InMemorySchemaRegistryClient.forScope(scopeB);
        a.register("x-value", Other.getClassSchema());

        assertThat(a.register("s-value", Probe.getClassSchema())).isEqualTo(2);
        assertThat(b.register("s-value", Probe.getClassSchema())).isEqualTo(1);

        InMemorySchemaRegistryClient.dropScope(scopeA);
        final InMemorySchemaRegistryClient fresh = InMemorySchemaRegistryClient.forScope(scopeA);
        assertThat(fresh).isNotSameAs(a);
        assertThat(fresh.subjects()).isEmpty();
        assertThatThrownBy(() -> fresh.getSchemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("Schema id 1 not found in registry mock://" + scopeA);
    }

    @Test
    void shouldKeepIdAcrossSubjectsAndVersionsWhenSchemaRepeats() {
        final InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scopeA);

        final int v1 = registry.register("s-value", TestData.PROBE_V1);
        final int v2 = registry.register("s-value", Probe.getClassSchema());
        final int again = registry.register("s-value", TestData.PROBE_V1);
        final int otherSubject = registry.register("t-value", Probe.getClassSchema());

        assertThat(again).isEqualTo(v1);
        assertThat(otherSubject).isEqualTo(v2);
        assertThat(registry.getLatestSchema("s-value"))
                .isEqualTo(new SchemaRegistryClient.RegisteredSchema("s-value", v2, 2, Probe.getClassSchema()));
        assertThat(registry.getId("t-value", Probe.getClassSchema())).isEqualTo(v2);
    }

    @Test
    void shouldAnswerNotFoundWithConfluentErrorCodes() {
        final InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scopeA);
        registry.register("s-value", Other.getClassSchema());

        assertThatThrownBy(() -> registry.getLatestSchema("nope"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(40401));
        assertThatThrownBy(() -> registry.getId("s-value", Probe.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(40403));
    }

    @Test
    void shouldCheckRuleAgainstLatestVersion() {
        final InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scopeA);
        registry.register("s-value", TestData.PROBE_V1);

        assertThat(registry.testCompatibility("s-value", Probe.getClassSchema()))
                .isTrue();
        assertThat(registry.testCompatibility("s-value", TestData.PROBE_V3_INCOMPATIBLE))
                .isFalse();
        assertThat(registry.testCompatibility("new-subject", TestData.PROBE_V3_INCOMPATIBLE))
                .isTrue();
        // FORWARD: the latest (v1) must read the new schema's data; v3 only adds fields, so it can
        assertThat(registry.withRule(Rule.FORWARD).testCompatibility("s-value", TestData.PROBE_V3_INCOMPATIBLE))
                .isTrue();
        assertThat(registry.withRule(Rule.FULL).testCompatibility("s-value", TestData.PROBE_V3_INCOMPATIBLE))
                .isFalse();
        assertThat(registry.withRule(Rule.NONE).register("s-value", TestData.PROBE_V3_INCOMPATIBLE))
                .isEqualTo(2);
    }
}
