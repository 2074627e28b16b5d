package dev.incidentmonitor.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default catalogue that ships in the jar: it must load, and say the right things about the named pages. */
class ShippedCatalogueTest {
    private static ProviderCatalog catalog;

    @BeforeAll
    static void load() {
        catalog = ProviderCatalog.loadDefault();
    }

    @Test
    void shouldListAtLeastThirteenProvidersWhenLoadingTheDefault() {
        assertThat(catalog.source()).isEqualTo("classpath:providers.yaml");
        assertThat(catalog.providers()).hasSizeGreaterThanOrEqualTo(13);
        assertThat(catalog.enabledProviders()).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void shouldHaveUniqueIdsWhenLoadingTheDefault() {
        List<String> ids = catalog.providers().stream().map(Provider::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void shouldReadOpenAiAsIncidentIoWhenLoadingTheDefault() {
        Provider openai = catalog.provider("openai").orElseThrow();
        assertThat(openai.name()).isEqualTo("OpenAI");
        assertThat(openai.platform()).isEqualTo(Platform.INCIDENTIO);
        assertThat(openai.baseUrl()).isEqualTo(URI.create("https://status.openai.com"));
        assertThat(openai.enabled()).isTrue();
    }

    @Test
    void shouldReadAnthropicAsStatuspageWhenLoadingTheDefault() {
        Provider anthropic = catalog.provider("anthropic").orElseThrow();
        assertThat(anthropic.platform()).isEqualTo(Platform.STATUSPAGE);
        assertThat(anthropic.baseUrl()).isEqualTo(URI.create("https://status.claude.com"));
        assertThat(anthropic.components().displayName("k8w3r06qmzrp", "Claude API"))
                .isEqualTo("api.anthropic.com");
        assertThat(anthropic.components().displayName("rwppv331jlwc", "claude.ai"))
                .isEqualTo("claude.ai");
    }

    @Test
    void shouldKeepCharacterAiEnabledWhenItsPageIsDead() {
        Provider characterAi = catalog.provider("character-ai").orElseThrow();
        assertThat(characterAi.platform()).isEqualTo(Platform.STATUSPAGE);
        assertThat(characterAi.baseUrl()).isEqualTo(URI.create("https://status.character.ai"));
        assertThat(characterAi.enabled()).isTrue();
        assertThat(catalog.enabledProviders()).contains(characterAi);
    }

    @Test
    void shouldCountPartialOutageFullyWhenPageIsIncidentIo() {
        assertThat(catalog.providers())
                .filteredOn(p -> p.platform() == Platform.INCIDENTIO)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.partialOutageWeight()).as(p.id()).isEqualTo(1.0));
        assertThat(catalog.providers())
                .filteredOn(p -> p.platform() == Platform.STATUSPAGE)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.partialOutageWeight()).as(p.id()).isEqualTo(0.3));
    }

    @Test
    void shouldUseHttpsAndTheDefaultIntervalWhenShippedToProduction() {
        assertThat(catalog.providers()).allSatisfy(p -> {
            assertThat(p.baseUrl().getScheme()).as(p.id()).isEqualTo("https");
            assertThat(p.pollInterval()).as(p.id()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
            assertThat(p.timeZoneOverride()).as(p.id()).isEmpty();
        });
    }

    @Test
    void shouldPollOnlyCopilotComponentsWhenReadingGithub() {
        ComponentFilter github =
                catalog.provider("github-copilot").orElseThrow().components();
        assertThat(github.accepts("pjmpxvq2cmr2", "Copilot")).isTrue();
        assertThat(github.accepts("zzzzzzzzzzzz", "Copilot Chat")).isTrue();
        assertThat(github.accepts("8l4ygp009s5s", "Git Operations")).isFalse();
    }
}
