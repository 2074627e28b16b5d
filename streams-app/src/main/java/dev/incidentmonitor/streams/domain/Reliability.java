package dev.incidentmonitor.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Rolling MTTR, MTBF and stage periods of one service (or one provider), as SPEC.md defines them.
 *
 * <p>MTBF keeps every start, sorted: a back-dated update can move a start before others, so a "last start" register
 * would be wrong. The gap before the first incident does not count.
 *
 * @param lastStart latest counted start, or null
 * @param windows figures for each {@link Window}, in enum order
 */
public record Reliability(Long lastStart, List<WindowFigures> windows) {

    /** Indexes of the stage periods in {@link #compute}'s accumulators. */
    private static final int INVESTIGATING = 0;

    private static final int REPAIRING = 1;
    private static final int CHECKING = 2;
    private static final int LEARNING = 3;
    private static final int PERIODS = 4;

    /**
     * Computes every window ending at {@code now} from the incidents' figures.
     *
     * @param incidents the figures of every incident of the service; uncounted ones are skipped
     * @param now end of the windows, epoch milliseconds
     */
    public static Reliability compute(final Collection<Figures> incidents, final long now) {
        // One pass over the incidents fills every window's samples: emitting a service's figures runs this over its
        // whole history, for every service whose figures changed, once per emit interval.
        final int windowCount = Window.ALL.size();
        final long[] starts = new long[incidents.size()];
        final int[] started = new int[windowCount];
        final long[][] ttr = new long[windowCount][incidents.size()];
        final int[] ttrCount = new int[windowCount];
        final double[][] periodSum = new double[PERIODS][windowCount];
        final int[][] periodCount = new int[PERIODS][windowCount];
        int counted = 0;
        for (final Figures f : incidents) {
            final Long startTime = f.start();
            if (!f.counted() || startTime == null) {
                continue;
            }
            final long start = startTime;
            starts[counted++] = start;
            final Long resolved = f.resolved();
            final Long timeToResolve = f.timeToResolve();
            for (int w = 0; w < windowCount; w++) {
                final Window window = Window.ALL.get(w);
                if (timeToResolve != null && resolved != null && window.contains(resolved, now)) {
                    ttr[w][ttrCount[w]++] = timeToResolve;
                }
                if (!window.contains(start, now)) {
                    continue;
                }
                started[w]++;
                addPeriod(periodSum, periodCount, INVESTIGATING, w, f.investigating());
                addPeriod(periodSum, periodCount, REPAIRING, w, f.repairing());
                addPeriod(periodSum, periodCount, CHECKING, w, f.checking());
                addPeriod(periodSum, periodCount, LEARNING, w, f.learning());
            }
        }
        java.util.Arrays.sort(starts, 0, counted);
        final Long lastStart = counted == 0 ? null : starts[counted - 1];

        final List<WindowFigures> windows = new ArrayList<>(windowCount);
        final long[] gaps = new long[Math.max(1, counted)];
        for (int w = 0; w < windowCount; w++) {
            final Window window = Window.ALL.get(w);
            int n = 0;
            for (int i = 1; i < counted; i++) {
                if (window.contains(starts[i], now)) {
                    gaps[n++] = starts[i] - starts[i - 1];
                }
            }
            final Summary tbf = Summary.of(gaps, n);
            windows.add(new WindowFigures(
                    window,
                    started[w],
                    Summary.of(ttr[w], ttrCount[w]),
                    new Summary(tbf.samples(), tbf.mean(), tbf.median(), null),
                    Summary.meanOf(periodSum[INVESTIGATING][w], periodCount[INVESTIGATING][w]),
                    Summary.meanOf(periodSum[REPAIRING][w], periodCount[REPAIRING][w]),
                    Summary.meanOf(periodSum[CHECKING][w], periodCount[CHECKING][w]),
                    Summary.meanOf(periodSum[LEARNING][w], periodCount[LEARNING][w])));
        }
        return new Reliability(lastStart, windows);
    }

    private static void addPeriod(
            final double[][] sums, final int[][] counts, final int period, final int window, final Long value) {
        if (value != null) {
            sums[period][window] += value;
            counts[period][window]++;
        }
    }

    /**
     * The earliest time after {@code now} at which an incident leaves a bounded window, so that the figures change
     * without any new input; null when no bounded window holds anything.
     */
    public static Long nextChange(final Collection<Figures> incidents, final long now) {
        Long next = null;
        for (final Figures f : incidents) {
            if (!f.counted()) {
                continue;
            }
            for (final Window window : Window.ALL) {
                if (!window.bounded()) {
                    continue;
                }
                next = earliestAfter(next, f.start(), window.millis(), now);
                next = earliestAfter(next, f.resolved(), window.millis(), now);
            }
        }
        return next;
    }

    /** Figures of one window. */
    public WindowFigures window(final Window window) {
        return windows.get(window.ordinal());
    }

    private static Long earliestAfter(final Long current, final Long time, final long length, final long now) {
        if (time == null) {
            return current;
        }
        final long leaves = time + length;
        if (leaves <= now) {
            return current;
        }
        return current == null || leaves < current ? Long.valueOf(leaves) : current;
    }
}
