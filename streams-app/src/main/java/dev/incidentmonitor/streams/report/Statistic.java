package dev.incidentmonitor.streams.report;

/**
 * One duration statistic of a service exactly as the topology published it: milliseconds, rounded to the
 * millisecond by the topology, null when no incident gives a sample.
 *
 * @param meanMs the mean, or null
 * @param medianMs the median, or null (also null where the topology publishes no median, e.g. for P_I)
 * @param samples how many values are behind it
 */
public record Statistic(Long meanMs, Long medianMs, int samples) {

    /** No sample. */
    public static final Statistic NONE = new Statistic(null, null, 0);

    public Statistic {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative: " + samples);
        }
    }
}
