package dev.incidentmonitor.streams.domain;

import java.util.Arrays;

/**
 * Mean, median and 90th percentile of a sample of durations. Percentiles interpolate linearly between the two
 * nearest ranks (Hyndman and Fan's type 7, the default of NumPy, R and spreadsheets), so the median of an even
 * sample is the mean of its two middle values. Values are rounded to the millisecond; an empty sample gives nulls.
 *
 * @param samples number of values
 * @param mean the mean, or null
 * @param median the median, or null
 * @param p90 the 90th percentile, or null
 */
public record Summary(int samples, Long mean, Long median, Long p90) {

    /** The summary of no values. */
    public static final Summary EMPTY = new Summary(0, null, null, null);

    /** Summarises {@code values[0..count)}; the array is sorted in place. */
    public static Summary of(final long[] values, final int count) {
        if (count == 0) {
            return EMPTY;
        }
        Arrays.sort(values, 0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return new Summary(
                count, Math.round(sum / count), percentile(values, count, 0.5), percentile(values, count, 0.9));
    }

    /**
     * The count and mean of values whose sum (added in their order) is {@code sum}, without the percentiles: for
     * figures whose median nobody reads, such as the stage periods.
     */
    public static Summary meanOf(final double sum, final int count) {
        return count == 0 ? EMPTY : new Summary(count, Math.round(sum / count), null, null);
    }

    private static long percentile(final long[] sorted, final int count, final double p) {
        final double rank = (count - 1) * p;
        final int lower = (int) Math.floor(rank);
        final int upper = Math.min(lower + 1, count - 1);
        return Math.round(sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]));
    }
}
