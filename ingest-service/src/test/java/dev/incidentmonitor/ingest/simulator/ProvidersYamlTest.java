package dev.incidentmonitor.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catalogue the simulator renders for {@code up --simulate}. */
class ProvidersYamlTest {

    @Test
    void shouldLoadAsACatalogueWithOneProviderPerPageWhenPagesAreGenerated() throws Exception {
        try (StatusPageSimulator sim = StatusPageSimulator.start(SimulatorConfig.generate(6, 11))) {
            ProviderCatalog catalog = ProviderCatalog.parse(sim.providersYaml(Duration.ofSeconds(10)), "sim");

            assertThat(catalog.enabledProviders()).hasSize(6);
            for (SimulatedPage page : sim.pages()) {
                Provider provider = catalog.provider("sim-" + page.id()).orElseThrow();
                assertThat(provider.platform()).isEqualTo(page.platform());
                assertThat(provider.name()).isEqualTo(page.name());
                assertThat(provider.baseUrl()).isEqualTo(sim.baseUrl(page.id()));
                assertThat(provider.pollInterval()).isEqualTo(Duration.ofSeconds(10));
                assertThat(provider.partialOutageWeight())
                        .isEqualTo(page.platform() == Platform.INCIDENTIO ? 1.0 : 0.3);
                assertThat(SimHttp.get(provider.endpoint("/api/v2/summary.json"))
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThat(catalog.providers()).extracting(Provider::platform).contains(Platform.INCIDENTIO);
        }
    }

    @Test
    void shouldPointAtTheReplayPagesAtTheMinimumPollIntervalByDefault() throws Exception {
        try (StatusPageSimulator sim = StatusPageSimulator.start(SimulatorConfig.replay(null))) {
            ProviderCatalog catalog = ProviderCatalog.parse(sim.providersYaml(), "sim");

            assertThat(catalog.providers()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("sim-demo");
                assertThat(p.name()).isEqualTo("Demo AI");
                assertThat(p.pollInterval()).isEqualTo(Provider.MIN_POLL_INTERVAL);
                assertThat(p.endpoint("/api/v2/summary.json"))
                        .hasToString("http://127.0.0.1:" + sim.port() + "/pages/demo/api/v2/summary.json");
            });
            assertThatThrownBy(() -> sim.providersYaml(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
