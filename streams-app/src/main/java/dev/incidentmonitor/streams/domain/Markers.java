package dev.incidentmonitor.streams.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The status markers S1..S5 of one incident, each the earliest display time of an update with that status (epoch
 * milliseconds, null when absent), and every figure SPEC.md derives from them. Nothing is imputed: a figure whose
 * markers are missing is null.
 */
public record Markers(Long s1, Long s2, Long s3, Long s4, Long s5) {

    /** No marker at all. */
    public static final Markers NONE = new Markers(null, null, null, null, null);

    /** Every combination's name, indexed by a bit per present marker (S1 = 1 ... S5 = 16): one string each. */
    private static final String[] COMBINATIONS = combinations();

    /** These markers with {@code time} applied to marker {@code index} (1..5), keeping the earlier time. */
    public Markers with(final int index, final long time) {
        return switch (index) {
            case 1 -> new Markers(earlier(s1, time), s2, s3, s4, s5);
            case 2 -> new Markers(s1, earlier(s2, time), s3, s4, s5);
            case 3 -> new Markers(s1, s2, earlier(s3, time), s4, s5);
            case 4 -> new Markers(s1, s2, s3, earlier(s4, time), s5);
            case 5 -> new Markers(s1, s2, s3, s4, earlier(s5, time));
            default -> throw new IllegalArgumentException("marker index must be 1..5: " + index);
        };
    }

    /** Start: min(S1, S2, S3, S4); an incident posted only as resolved starts at S4. Null when none is present. */
    public Long start() {
        return min(min(s1, s2), min(s3, s4));
    }

    /** P_I = S2 - S1. */
    public Long investigatingPeriod() {
        return difference(s2, s1);
    }

    /** P_R = S3 - S2. */
    public Long repairingPeriod() {
        return difference(s3, s2);
    }

    /** P_C = S4 - S3. */
    public Long checkingPeriod() {
        return difference(s4, s3);
    }

    /** P_L = S5 - S4. */
    public Long learningPeriod() {
        return difference(s5, s4);
    }

    /** TTR = S4 - min(S1, S2, S3), when S4 and at least one of S1..S3 are present. */
    public Long timeToResolve() {
        return difference(s4, min(min(s1, s2), s3));
    }

    /** True when a present adjacent pair is inverted: S1 > S2, S2 > S3, S3 > S4 or S4 > S5. */
    public boolean outOfOrder() {
        return inverted(s1, s2) || inverted(s2, s3) || inverted(s3, s4) || inverted(s4, s5);
    }

    /** Which markers are present, e.g. {@code S1-S3-S4}; empty when none is. */
    public String combination() {
        return COMBINATIONS[
                (s1 == null ? 0 : 1)
                        | (s2 == null ? 0 : 2)
                        | (s3 == null ? 0 : 4)
                        | (s4 == null ? 0 : 8)
                        | (s5 == null ? 0 : 16)];
    }

    private static String[] combinations() {
        final String[] names = new String[32];
        for (int mask = 0; mask < names.length; mask++) {
            final List<String> present = new ArrayList<>(5);
            for (int i = 0; i < 5; i++) {
                if ((mask & (1 << i)) != 0) {
                    present.add("S" + (i + 1));
                }
            }
            names[mask] = String.join("-", present);
        }
        return names;
    }

    private static Long earlier(final Long current, final long time) {
        return current == null || time < current ? Long.valueOf(time) : current;
    }

    private static Long min(final Long a, final Long b) {
        if (a == null) {
            return b;
        }
        return b == null || a <= b ? a : b;
    }

    private static Long difference(final Long later, final Long earlier) {
        return later == null || earlier == null ? null : later - earlier;
    }

    private static boolean inverted(final Long earlier, final Long later) {
        return earlier != null && later != null && earlier > later;
    }
}
