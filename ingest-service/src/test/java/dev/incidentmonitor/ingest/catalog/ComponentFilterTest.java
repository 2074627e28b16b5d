package dev.incidentmonitor.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentFilterTest {
    @Test
    void shouldAcceptEveryComponentWhenNothingIsConfigured() {
        assertThat(ComponentFilter.ALL.accepts("abc123", "API")).isTrue();
        assertThat(ComponentFilter.ALL.accepts("abc123", null)).isTrue();
    }

    @Test
    void shouldAcceptOnlyIncludedComponentsWhenIncludeIsGiven() {
        ComponentFilter filter = new ComponentFilter(List.of("abc123", "ChatGPT"), List.of(), Map.of());

        assertThat(filter.accepts("abc123", "Renamed API")).as("by id").isTrue();
        assertThat(filter.accepts("xyz789", "chatgpt")).as("by name, any case").isTrue();
        assertThat(filter.accepts("xyz789", "Playground")).isFalse();
        assertThat(filter.accepts("xyz789", null)).as("name unknown").isFalse();
    }

    @Test
    void shouldMatchIdsCaseSensitivelyWhenPatternNamesAnId() {
        ComponentFilter filter = new ComponentFilter(List.of("abc123"), List.of(), Map.of());

        assertThat(filter.accepts("ABC123", "Other")).isFalse();
    }

    @Test
    void shouldRejectExcludedComponentsWhenAlsoIncluded() {
        ComponentFilter filter = new ComponentFilter(List.of("*"), List.of("Docs", "id-web"), Map.of());

        assertThat(filter.accepts("a", "API")).isTrue();
        assertThat(filter.accepts("b", "docs")).isFalse();
        assertThat(filter.accepts("id-web", "Website")).isFalse();
    }

    @Test
    void shouldExcludeFromEverythingWhenIncludeIsEmpty() {
        ComponentFilter filter = new ComponentFilter(List.of(), List.of("*(???)"), Map.of());

        assertThat(filter.accepts("a", "Amsterdam, Netherlands - (AMS)")).isFalse();
        assertThat(filter.accepts("b", "Workers AI")).isTrue();
    }

    @Test
    void shouldMatchGlobsWhenPatternHasWildcards() {
        ComponentFilter filter = new ComponentFilter(List.of("Copilot*", "GPT-?o"), List.of(), Map.of());

        assertThat(filter.accepts("1", "Copilot")).isTrue();
        assertThat(filter.accepts("2", "copilot AI Model Providers")).isTrue();
        assertThat(filter.accepts("3", "GitHub Copilot"))
                .as("anchored at the start")
                .isFalse();
        assertThat(filter.accepts("4", "GPT-4o")).isTrue();
        assertThat(filter.accepts("5", "GPT-4o mini")).as("anchored at the end").isFalse();
    }

    @Test
    void shouldMatchWholeTextWhenGlobbing() {
        assertThat(ComponentFilter.globMatches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(ComponentFilter.globMatches("a*b*c", "aXXbYY")).isFalse();
        assertThat(ComponentFilter.globMatches("*", "")).isTrue();
        assertThat(ComponentFilter.globMatches("?", "")).isFalse();
        assertThat(ComponentFilter.globMatches("a**", "a")).isTrue();
        assertThat(ComponentFilter.globMatches("*ab", "aab")).isTrue();
    }

    @Test
    void shouldUseAliasWhenComponentIdHasOne() {
        ComponentFilter filter = new ComponentFilter(List.of(), List.of(), Map.of("k8w3r06qmzrp", "api.anthropic.com"));

        assertThat(filter.displayName("k8w3r06qmzrp", "Claude API")).isEqualTo("api.anthropic.com");
        assertThat(filter.displayName("rwppv331jlwc", "claude.ai")).isEqualTo("claude.ai");
        assertThat(filter.displayName("rwppv331jlwc", null)).isEqualTo("rwppv331jlwc");
    }

    @Test
    void shouldNotAliasByNameWhenOnlyTheNameMatches() {
        ComponentFilter filter = new ComponentFilter(List.of(), List.of(), Map.of("API", "Renamed"));

        assertThat(filter.displayName("abc", "API")).isEqualTo("API");
    }

    @Test
    void shouldRejectBlankPatternsWhenBuiltInCode() {
        assertThatThrownBy(() -> new ComponentFilter(List.of(" "), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("include");
        assertThatThrownBy(() -> new ComponentFilter(List.of(), List.of(), Map.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aliases");
    }
}
