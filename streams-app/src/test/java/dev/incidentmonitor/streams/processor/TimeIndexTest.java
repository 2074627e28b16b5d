package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeIndexTest {

    @Test
    void shouldReturnDueKeysInStoreOrderWhenTimesDiffer() {
        final TimeIndex index = new TimeIndex();
        index.put("p:b", 30L);
        index.put("p:a", 20L);
        index.put("p:c", 10L);
        index.put("p:d", 40L);

        assertThat(index.atOrBefore(30)).containsExactly("p:a", "p:b", "p:c");
        assertThat(index.atOrBefore(9)).isEmpty();
    }

    @Test
    void shouldOrderByUtf8BytesWhenKeysAreNotAscii() {
        final TimeIndex index = new TimeIndex();
        // as Java chars U+FF21 sorts after U+1F600 (0xFF21 > 0xD83D); in UTF-8 bytes, as the store sorts, before it
        index.put("p:\uD83D\uDE00", 1L);
        index.put("p:\uFF21", 1L);
        index.put("p:z", 1L);

        assertThat(index.atOrBefore(1)).containsExactly("p:z", "p:\uFF21", "p:\uD83D\uDE00");
    }

    @Test
    void shouldMoveKeyWhenItsTimeChanges() {
        final TimeIndex index = new TimeIndex();
        index.put("p:a", 10L);
        index.put("p:a", 50L);

        assertThat(index.atOrBefore(10)).isEmpty();
        assertThat(index.atOrBefore(50)).containsExactly("p:a");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void shouldForgetKeyWhenTimeIsNullOrRemoved() {
        final TimeIndex index = new TimeIndex();
        index.put("p:a", 10L);
        index.put("p:b", 10L);
        index.put("p:a", null);
        index.remove("p:b");
        index.remove("p:never");

        assertThat(index.atOrBefore(Long.MAX_VALUE)).isEmpty();
        assertThat(index.time("p:a")).isNull();
        assertThat(index.size()).isZero();
    }
}
