package dev.incidentmonitor.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressEntryTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String OTHER_HASH = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    @Test
    void shouldWriteReadableKeysAndValuesWhenIdsArePlain() {
        assertThat(new ProgressEntry.UpdateSeen("openai", "inc-1", "u1", HASH))
                .extracting(ProgressEntry::key, ProgressEntry::value)
                .containsExactly("update:openai:inc-1:u1", HASH);
        assertThat(new ProgressEntry.UpdateSeen(
                        "openai",
                        "inc-1",
                        "u1",
                        HASH,
                        List.of("0123456789abcdef", "00000000000000ff", "0123456789abcdef")))
                .extracting(ProgressEntry::value)
                .isEqualTo(HASH + ";00000000000000ff,0123456789abcdef");
        assertThat(new ProgressEntry.ComponentSeen("anthropic", "claude.ai", ComponentStatus.PARTIAL_OUTAGE))
                .extracting(ProgressEntry::key, ProgressEntry::value)
                .containsExactly("component:anthropic:claude.ai", "PARTIAL_OUTAGE");
        assertThat(new ProgressEntry.HistoricalChangeSeen("openai", "api", Instant.parse("2024-06-01T07:00:00Z")))
                .extracting(ProgressEntry::key, ProgressEntry::value)
                .containsExactly("history:openai:api:2024-06-01T07:00:00Z", "seen");
    }

    @Test
    void shouldEscapeColonsAndPercentsWhenIdsContainThem() {
        final ProgressEntry entry = new ProgressEntry.UpdateSeen("p", "inc:1%", "u:2", HASH);

        assertThat(entry.key()).isEqualTo("update:p:inc%3A1%25:u%3A2");
        assertThat(new ProgressEntry.UpdateSeen("p", "a:b", "c", HASH).key())
                .isNotEqualTo(new ProgressEntry.UpdateSeen("p", "a", "b:c", HASH).key());
        assertThat(new ProgressEntry.ComponentSeen("a:b", "c", ComponentStatus.OPERATIONAL).key())
                .isNotEqualTo(new ProgressEntry.ComponentSeen("a", "b:c", ComponentStatus.OPERATIONAL).key());
        assertThat(new ProgressEntry.UpdateSeen("p", "%3A", "u", HASH).key())
                .isEqualTo("update:p:%253A:u")
                .isNotEqualTo(new ProgressEntry.UpdateSeen("p", ":", "u", HASH).key());
    }

    @Test
    void shouldReadBackAnEqualEntryWhenParsingItsKeyAndValue() {
        final List<ProgressEntry> entries = List.of(
                new ProgressEntry.UpdateSeen("openai", "inc:1", "u:%1", HASH),
                new ProgressEntry.UpdateSeen("openai", "inc-1", "u1", OTHER_HASH, List.of("0123456789abcdef")),
                new ProgressEntry.UpdateSeen("", "", "", HASH),
                new ProgressEntry.ComponentSeen("character-ai", "character.ai", ComponentStatus.MAJOR_OUTAGE),
                new ProgressEntry.ComponentSeen("p", "a:b:c", ComponentStatus.UNKNOWN),
                new ProgressEntry.HistoricalChangeSeen(
                        "anthropic", "console:x%", Instant.parse("2024-03-10T08:00:00.123456789Z")),
                new ProgressEntry.HistoricalChangeSeen(
                        "anthropic", "claude.ai", Instant.parse("1969-12-31T23:59:59Z")));

        for (final ProgressEntry entry : entries) {
            assertThat(ProgressEntry.parse(entry.key(), entry.value()))
                    .as(entry.key())
                    .isEqualTo(entry);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "incident:openai:inc-1:u1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | unknown kind 'incident'",
                "openai | x | unknown kind 'openai'",
                "update:openai:inc-1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | expected 3 ':'-separated parts",
                "update:openai:inc:1:u1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | expected 3 ':'-separated parts",
                "update:openai:inc%2:u1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | bad escape at '%2'",
                "update:openai:inc%3a1:u1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | bad escape at '%3a1'",
                "update:openai:inc-1:u1 | 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08 | content hash must be 64 lower-case hex",
                "update:openai:inc-1:u1 | abc | content hash must be 64 lower-case hex",
                "update:openai:inc-1:u1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08; | transition digest must be 16",
                "update:openai:inc-1:u1 | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08;ffffffffffffffff,0000000000000000 | not in canonical form",
                "component:openai:api | BROKEN | 'BROKEN' is not a component status",
                "component:openai | OPERATIONAL | expected 2 ':'-separated parts",
                "history:openai:api:yesterday | seen | 'yesterday' is not an ISO-8601 instant",
                "history:openai:api:2024-06-01T07:00:00Z | SEEN | value must be 'seen'",
                "history:openai:api:2024-06-01T07:00:00.000Z | seen | not in canonical form",
            })
    void shouldRejectWithAClearMessageWhenTheKeyOrValueIsJunk(
            final String key, final String value, final String message) {
        assertThatThrownBy(() -> ProgressEntry.parse(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a progress entry: key '" + key + "'")
                .hasMessageContaining(message);
    }

    @Test
    void shouldRejectANullValueWhenItIsATombstone() {
        assertThatThrownBy(() -> ProgressEntry.parse("component:openai:api", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("progress entry 'component:openai:api' has a null value (a tombstone)");
        assertThatThrownBy(() -> ProgressEntry.parse(null, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("progress entry without a key");
    }

    @Test
    void shouldKeepTheLatestValueWhenTheStateAppliesEntriesWithTheSameKey() {
        final InMemoryPublishedState state = new InMemoryPublishedState();

        state.apply(new ProgressEntry.UpdateSeen("openai", "inc-1", "u1", HASH, List.of("0123456789abcdef")));
        state.apply(new ProgressEntry.UpdateSeen("openai", "inc-1", "u1", OTHER_HASH));
        state.apply(new ProgressEntry.ComponentSeen("openai", "api", ComponentStatus.MAJOR_OUTAGE));
        state.apply(new ProgressEntry.ComponentSeen("openai", "api", ComponentStatus.OPERATIONAL));
        state.apply(new ProgressEntry.HistoricalChangeSeen("openai", "api", Instant.parse("2024-06-01T07:00:00Z")));
        state.apply(new ProgressEntry.HistoricalChangeSeen("openai", "api", Instant.parse("2024-06-01T07:00:00Z")));

        assertThat(state.size()).isEqualTo(3);
        assertThat(state.updateHash("openai", "inc-1", "u1")).contains(OTHER_HASH);
        assertThat(state.updateTransitions("openai", "inc-1", "u1")).isEmpty();
        assertThat(state.updateHash("openai", "inc-1", "u2")).isEmpty();
        assertThat(state.updateHash("anthropic", "inc-1", "u1")).isEqualTo(Optional.empty());
        assertThat(state.componentStatus("openai", "api")).contains(ComponentStatus.OPERATIONAL);
        assertThat(state.componentStatus("openai", "chatgpt")).isEmpty();
        assertThat(state.historicalChangeSeen("openai", "api", Instant.parse("2024-06-01T07:00:00Z")))
                .isTrue();
        assertThat(state.historicalChangeSeen("openai", "api", Instant.parse("2024-06-01T07:01:00Z")))
                .isFalse();
    }
}
