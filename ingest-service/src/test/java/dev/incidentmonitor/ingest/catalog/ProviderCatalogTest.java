package dev.incidentmonitor.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading valid catalogues: defaults, overrides, lookups. The error cases are in {@link CatalogErrorsTest}. */
class ProviderCatalogTest {
    static Path resource(String name) {
        try {
            return Path.of(
                    ProviderCatalogTest.class.getResource("/catalog/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReadEverySettingWhenAllAreGiven() {
        ProviderCatalog catalog = ProviderCatalog.load(resource("complete.yaml"));

        Provider anthropic = catalog.provider("anthropic").orElseThrow();
        assertThat(anthropic)
                .isEqualTo(new Provider(
                        "anthropic",
                        "Anthropic",
                        Platform.STATUSPAGE,
                        URI.create("https://status.claude.com"),
                        Duration.ofSeconds(30),
                        Optional.of(ZoneId.of("Europe/Paris")),
                        0.3,
                        new ComponentFilter(
                                List.of("k8w3r06qmzrp", "claude.*", "Claude Code"),
                                List.of("*console*"),
                                Map.of("k8w3r06qmzrp", "api.anthropic.com", "rwppv331jlwc", "claude.ai")),
                        true));
    }

    @Test
    void shouldApplyDefaultsBlockWhenProviderOmitsSettings() {
        ProviderCatalog catalog = ProviderCatalog.load(resource("complete.yaml"));

        Provider openai = catalog.provider("openai").orElseThrow();
        assertThat(openai.platform()).as("platform ignores case").isEqualTo(Platform.INCIDENTIO);
        assertThat(openai.pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(openai.partialOutageWeight()).isEqualTo(0.25);
        assertThat(openai.timeZoneOverride()).isEmpty();
        assertThat(openai.components()).isEqualTo(ComponentFilter.ALL);
        assertThat(openai.enabled()).isTrue();
    }

    @Test
    void shouldApplyBuiltInDefaultsWhenThereIsNoDefaultsBlock() {
        ProviderCatalog catalog = ProviderCatalog.parse(
                """
                providers:
                  - id: openai
                    name: OpenAI
                    platform: incidentio
                    base-url: https://status.openai.com
                    time-zone:
                """,
                "providers.yaml");

        Provider openai = catalog.provider("openai").orElseThrow();
        assertThat(openai.pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(openai.partialOutageWeight()).isEqualTo(0.3);
        assertThat(openai.timeZoneOverride()).as("an empty value means unset").isEmpty();
    }

    @Test
    void shouldLeaveDisabledProvidersOutWhenListingEnabledOnes() {
        ProviderCatalog catalog = ProviderCatalog.load(resource("complete.yaml"));

        assertThat(catalog.providers()).extracting(Provider::id).containsExactly("anthropic", "openai", "local-sim");
        assertThat(catalog.enabledProviders()).extracting(Provider::id).containsExactly("anthropic", "openai");
        Provider simulator = catalog.provider("local-sim").orElseThrow();
        assertThat(simulator.enabled()).isFalse();
        assertThat(simulator.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThat(simulator.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldFindNothingWhenIdIsUnknown() {
        ProviderCatalog catalog = ProviderCatalog.load(resource("complete.yaml"));

        assertThat(catalog.provider("nope")).isEmpty();
        assertThat(catalog.source()).endsWith("complete.yaml");
    }

    @Test
    void shouldFilterAndRenameComponentsWhenLoadedFromFile() {
        ComponentFilter filter = ProviderCatalog.load(resource("complete.yaml"))
                .provider("anthropic")
                .orElseThrow()
                .components();

        assertThat(filter.accepts("k8w3r06qmzrp", "Claude API")).isTrue();
        assertThat(filter.accepts("rwppv331jlwc", "claude.ai")).isTrue();
        assertThat(filter.accepts("yyzkbfz2thpt", "Claude Code")).isTrue();
        assertThat(filter.accepts("zzzz", "Claude Console (console.anthropic.com)"))
                .isFalse();
        assertThat(filter.accepts("qqqq", "Claude for Chrome")).isFalse();
        assertThat(filter.displayName("k8w3r06qmzrp", "Claude API")).isEqualTo("api.anthropic.com");
    }

    @Test
    void shouldReadFileWrittenByUserWhenLoadingPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my providers.yaml");
        Files.writeString(
                file,
                "\uFEFFproviders:\n  - {id: sim, name: Simülator, platform: statuspage, base-url: 'http://localhost:8089'}\n",
                StandardCharsets.UTF_8);

        ProviderCatalog catalog = ProviderCatalog.load(file);

        assertThat(catalog.source()).isEqualTo(file.toString());
        assertThat(catalog.provider("sim").orElseThrow().name()).isEqualTo("Simülator");
    }

    @Test
    void shouldRefuseDuplicateIdsWhenBuiltInCode() {
        Provider provider = ProviderCatalog.loadDefault().provider("openai").orElseThrow();

        assertThatThrownBy(() -> new ProviderCatalog("test", List.of(provider, provider)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate provider id \"openai\"");
    }
}
