package dev.incidentmonitor.streams.domain.availability;

import java.util.NavigableSet;

/**
 * P(A|B) = days on which both A and B had an outage / days on which B had one, over the days from {@code from}
 * (inclusive, epoch day) on. Days before a service existed count as no outage, which needs no special case: such a
 * day is in neither set.
 *
 * @param bothDays days with an outage of A and of B
 * @param conditionDays days with an outage of B
 */
public record Cooccurrence(int bothDays, int conditionDays) {

    /** Counts over the outage days (epoch days) of A and of B from {@code from} on. */
    public static Cooccurrence of(final NavigableSet<Long> a, final NavigableSet<Long> b, final long from) {
        int condition = 0;
        int both = 0;
        for (final Long day : b.tailSet(from, true)) {
            condition++;
            if (a.contains(day)) {
                both++;
            }
        }
        return new Cooccurrence(both, condition);
    }

    /** P(A|B), or null when B had no outage day. */
    public Double probability() {
        return conditionDays == 0 ? null : (double) bothDays / conditionDays;
    }
}
