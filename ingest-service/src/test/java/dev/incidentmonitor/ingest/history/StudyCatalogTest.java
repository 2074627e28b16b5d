package dev.incidentmonitor.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StudyCatalogTest {

    @Test
    void shouldDeriveTheUptimeFolderNamesWhenSluggingTheStudysDisplayNames() {
        assertThat(StudyCatalog.componentId("API")).isEqualTo("api");
        assertThat(StudyCatalog.componentId("ChatGPT")).isEqualTo("chatgpt");
        assertThat(StudyCatalog.componentId("Labs")).isEqualTo("labs");
        assertThat(StudyCatalog.componentId("Playground")).isEqualTo("playground");
        assertThat(StudyCatalog.componentId("api.anthropic.com")).isEqualTo("api.anthropic.com");
        assertThat(StudyCatalog.componentId("claude.ai")).isEqualTo("claude.ai");
        assertThat(StudyCatalog.componentId("console.anthropic.com")).isEqualTo("console.anthropic.com");
        assertThat(StudyCatalog.componentId("Character.AI")).isEqualTo("character.ai");
        assertThat(StudyCatalog.componentId(" Claude on  Vertex AI ")).isEqualTo("claude-on-vertex-ai");
        assertThat(StudyCatalog.componentId("DALL·E / Labs")).isEqualTo("dall-e-labs");
    }

    @Test
    void shouldMapFoldersToProvidersWhenTheFolderIsKnown() {
        final StudyCatalog catalog = StudyCatalog.icpe25();

        assertThat(catalog.providerOfFolder("characterai")).contains("character-ai");
        assertThat(catalog.providerOfFolder("openai")).contains("openai");
        assertThat(catalog.providerOfFolder("stabilityai")).isEmpty();
        assertThat(catalog.service("character.ai"))
                .contains(new StudyCatalog.Service("character-ai", "character.ai", "Character.AI"));
        assertThat(catalog.service("console.anthropic.com").orElseThrow().provider())
                .isEqualTo("anthropic");
        assertThat(catalog.service("labs").orElseThrow().name()).isEqualTo("Labs");
        assertThat(catalog.services()).hasSize(8);
    }
}
