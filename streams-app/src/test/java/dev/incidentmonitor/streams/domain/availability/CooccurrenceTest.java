package dev.incidentmonitor.streams.domain.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CooccurrenceTest {

    private static NavigableSet<Long> days(final long... epochDays) {
        final NavigableSet<Long> set = new TreeSet<>();
        for (final long d : epochDays) {
            set.add(d);
        }
        return set;
    }

    @Test
    void shouldDivideSharedOutageDaysByTheConditionsOutageDaysWhenBothHadOutages() {
        final NavigableSet<Long> a = days(10, 11, 12);
        final NavigableSet<Long> b = days(11, 13);

        final Cooccurrence aGivenB = Cooccurrence.of(a, b, Long.MIN_VALUE);
        final Cooccurrence bGivenA = Cooccurrence.of(b, a, Long.MIN_VALUE);

        assertThat(aGivenB).isEqualTo(new Cooccurrence(1, 2));
        assertThat(aGivenB.probability()).isEqualTo(0.5);
        assertThat(bGivenA).isEqualTo(new Cooccurrence(1, 3));
        assertThat(bGivenA.probability()).isEqualTo(1.0 / 3);
    }

    @Test
    void shouldGiveNullWhenTheConditionHadNoOutageDay() {
        final Cooccurrence none = Cooccurrence.of(days(10, 11), days(), Long.MIN_VALUE);
        final Cooccurrence noneInWindow = Cooccurrence.of(days(10, 11), days(3, 4), 5);

        assertThat(none).isEqualTo(new Cooccurrence(0, 0));
        assertThat(none.probability()).isNull();
        assertThat(noneInWindow.probability()).isNull();
        assertThat(Cooccurrence.of(days(), days(10), Long.MIN_VALUE).probability())
                .isEqualTo(0.0);
    }

    @Test
    void shouldCountConditionDaysBeforeTheOtherServiceExistedAsNoOutageWhenItStartedLater() {
        // B had outages on days 1, 2 and 20; A only exists from day 15 on and was down on day 20.
        final NavigableSet<Long> a = days(20);
        final NavigableSet<Long> b = days(1, 2, 20);

        assertThat(Cooccurrence.of(a, b, Long.MIN_VALUE)).isEqualTo(new Cooccurrence(1, 3));
        assertThat(Cooccurrence.of(b, a, Long.MIN_VALUE).probability()).isEqualTo(1.0);
    }

    @Test
    void shouldCountOnlyDaysFromTheWindowStartWhenAWindowIsGiven() {
        final NavigableSet<Long> a = days(1, 5, 9);
        final NavigableSet<Long> b = days(1, 5, 6, 9);

        assertThat(List.of(Long.MIN_VALUE, 5L, 6L, 10L).stream()
                        .map(from -> Cooccurrence.of(a, b, from))
                        .toList())
                .containsExactly(
                        new Cooccurrence(3, 4), new Cooccurrence(2, 3), new Cooccurrence(1, 2), new Cooccurrence(0, 0));
    }
}
