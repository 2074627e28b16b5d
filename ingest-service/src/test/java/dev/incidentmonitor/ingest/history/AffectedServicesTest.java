package dev.incidentmonitor.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AffectedServicesTest {

    private static final Set<String> KNOWN = Set.of("API", "Search and Discovery");

    @Test
    void shouldReturnNoNamesWhenTheCellIsEmptyOrNan() {
        assertThat(AffectedServices.split("", KNOWN)).isEmpty();
        assertThat(AffectedServices.split(null, KNOWN)).isEmpty();
        assertThat(AffectedServices.split("NaN", KNOWN)).isEmpty();
    }

    @Test
    void shouldSplitEnglishListsWhenNamesHoldDotsAndSpaces() {
        assertThat(AffectedServices.split("This incident affected: claude.ai.", KNOWN))
                .containsExactly("claude.ai");
        assertThat(AffectedServices.split("This incident affected: API and ChatGPT.", KNOWN))
                .containsExactly("API", "ChatGPT");
        assertThat(AffectedServices.split(
                        "This incident affected: claude.ai, console.anthropic.com, api.anthropic.com, anthropic.com,"
                                + " and Claude on Vertex AI.",
                        KNOWN))
                .containsExactly(
                        "claude.ai",
                        "console.anthropic.com",
                        "api.anthropic.com",
                        "anthropic.com",
                        "Claude on Vertex AI");
        assertThat(AffectedServices.split("This incident affected: A, B and C.", KNOWN))
                .containsExactly("A", "B", "C");
    }

    @Test
    void shouldKeepAKnownNameWholeWhenItContainsAnd() {
        assertThat(AffectedServices.split("This incident affected: Search and Discovery.", KNOWN))
                .containsExactly("Search and Discovery");
        assertThat(AffectedServices.split("This incident affected: API, and Search and Discovery.", KNOWN))
                .containsExactly("API", "Search and Discovery");
    }

    @Test
    void shouldRejectTextWhenItLacksThePrefixOrHasAnEmptyName() {
        assertThatThrownBy(() -> AffectedServices.split("Affected: API.", KNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AffectedServices.split("This incident affected: API, , ChatGPT.", KNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
