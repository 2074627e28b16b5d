package dev.incidentmonitor.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Mean, median and p90 as published: percentiles interpolate between the two nearest ranks (Hyndman and Fan type 7,
 * what R's {@code quantile()} and NumPy's {@code percentile()} return by default), rounded to the millisecond.
 */
class SummaryTest {

    @Test
    void shouldReturnEmptySummaryWhenThereIsNoValue() {
        assertThat(Summary.of(new long[] {5, 6}, 0)).isEqualTo(Summary.EMPTY);
        assertThat(Summary.EMPTY.samples()).isZero();
        assertThat(Summary.EMPTY.mean()).isNull();
        assertThat(Summary.EMPTY.median()).isNull();
        assertThat(Summary.EMPTY.p90()).isNull();
    }

    @Test
    void shouldReturnTheValueEverywhereWhenThereIsOneValue() {
        assertThat(Summary.of(new long[] {4_321}, 1)).isEqualTo(new Summary(1, 4_321L, 4_321L, 4_321L));
    }

    @Test
    void shouldInterpolateBetweenRanksWhenPercentileFallsBetweenValues() {
        // R: quantile(1:10 * 1000, c(.5, .9), type = 7) gives 5500 and 9100.
        final long[] values = {10_000, 3_000, 7_000, 1_000, 9_000, 2_000, 8_000, 4_000, 6_000, 5_000};

        final Summary summary = Summary.of(values, values.length);

        assertThat(summary).isEqualTo(new Summary(10, 5_500L, 5_500L, 9_100L));
    }

    @Test
    void shouldAverageTheMiddleValuesWhenSampleIsEven() {
        // Ranks: median at 1.5, p90 at 2.7 -> 30 + 0.7 * (100 - 30).
        final Summary summary = Summary.of(new long[] {100_000, 10_000, 30_000, 20_000}, 4);

        assertThat(summary).isEqualTo(new Summary(4, 40_000L, 25_000L, 79_000L));
    }

    @Test
    void shouldTakeTheMiddleValueWhenSampleIsOdd() {
        final Summary summary = Summary.of(new long[] {60_000, 1_000, 2_000}, 3);

        // Ranks: median at 1, p90 at 1.8 -> 2000 + 0.8 * 58000.
        assertThat(summary).isEqualTo(new Summary(3, 21_000L, 2_000L, 48_400L));
    }

    @Test
    void shouldRoundToTheMillisecondWhenResultIsFractional() {
        // mean 1000.5, median 1000.5, p90 at rank 0.9 -> 1000.9: all round half up to 1001.
        assertThat(Summary.of(new long[] {1_001, 1_000}, 2)).isEqualTo(new Summary(2, 1_001L, 1_001L, 1_001L));
        // mean 1000.333 -> 1000; median 1000; p90 at rank 1.8 -> 1000.8 -> 1001.
        assertThat(Summary.of(new long[] {1_000, 1_001, 1_000}, 3)).isEqualTo(new Summary(3, 1_000L, 1_000L, 1_001L));
    }

    @Test
    void shouldSummariseOnlyTheCountedPrefixWhenBufferIsLonger() {
        final long[] buffer = {3_000, 1_000, 2_000, 999_999, -5};

        final Summary summary = Summary.of(buffer, 3);

        assertThat(summary).isEqualTo(new Summary(3, 2_000L, 2_000L, 2_800L));
        assertThat(buffer).startsWith(1_000, 2_000, 3_000).endsWith(999_999, -5);
    }
}
