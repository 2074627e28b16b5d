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

    /**
     * Computes every window ending at {@code now} from the incidents' figures.
     *
     * @param incidents the figures of every incident of the service; uncounted ones are skipped
     * @param now end of the windows, epoch milliseconds
     */
    public static Reliability compute(final Collection<Figures> incidents, final long now) {
        final List<Figures> counted = new ArrayList<>(incidents.size());
        for (final Figures f : incidents) {
            if (f.counted() && f.start() != null) {
                counted.add(f);
            }
        }
        final long[] starts = new long[counted.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = counted.get(i).start();
        }
        java.util.Arrays.sort(starts);
        final Long lastStart = starts.length == 0 ? null : starts[starts.length - 1];

        final List<WindowFigures> windows = new ArrayList<>(Window.ALL.size());
        final long[] buffer = new long[Math.max(1, counted.size())];
        for (final Window window : Window.ALL) {
            int started = 0;
            for (final Figures f : counted) {
                if (window.contains(f.start(), now)) {
                    started++;
                }
            }
            int n = 0;
            for (final Figures f : counted) {
                if (f.timeToResolve() != null && f.resolved() != null && window.contains(f.resolved(), now)) {
                    buffer[n++] = f.timeToResolve();
                }
            }
            final Summary ttr = Summary.of(buffer, n);
            n = 0;
            for (int i = 1; i < starts.length; i++) {
                if (window.contains(starts[i], now)) {
                    buffer[n++] = starts[i] - starts[i - 1];
                }
            }
            final Summary tbf = Summary.of(buffer, n);
            windows.add(new WindowFigures(
                    window,
                    started,
                    ttr,
                    new Summary(tbf.samples(), tbf.mean(), tbf.median(), null),
                    period(counted, window, now, Figures::investigating, buffer),
                    period(counted, window, now, Figures::repairing, buffer),
                    period(counted, window, now, Figures::checking, buffer),
                    period(counted, window, now, Figures::learning, buffer)));
        }
        return new Reliability(lastStart, windows);
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

    private static Summary period(
            final List<Figures> counted,
            final Window window,
            final long now,
            final java.util.function.Function<Figures, Long> figure,
            final long[] buffer) {
        int n = 0;
        for (final Figures f : counted) {
            final Long value = figure.apply(f);
            if (value != null && window.contains(f.start(), now)) {
                buffer[n++] = value;
            }
        }
        return Summary.meanOf(buffer, n);
    }
}
