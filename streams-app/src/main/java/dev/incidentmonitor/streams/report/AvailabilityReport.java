package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.schema.DailyAvailability;
import java.util.Collection;

/**
 * The availability columns of one service in a {@link DatasetReport}, from the {@code service-availability-daily}
 * records the live topology published, as the study's outage table counts them.
 *
 * @param days service-days published
 * @param outageDaysTotal day-types: the sum over days of the major flag and the partial flag (a day with both counts
 *     twice)
 * @param majorDays days with major outage
 * @param partialDays days with partial outage
 * @param outageMinutes sum of T_M + T_P, minutes
 * @param scaledMinutes sum of T_S = T_M + w * T_P, minutes
 * @param incidentDays incident-days: for each incident of the service, the local days from its start to its close
 * @param availabilityMean mean daily availability, 0..1
 * @param days100Pct share of days at 100 %, as a percentage 0..100
 * @param days999Pct share of days at or above 99.9 %, as a percentage
 * @param days99Pct share of days at or above 99 %, as a percentage
 */
public record AvailabilityReport(
        int days,
        int outageDaysTotal,
        int majorDays,
        int partialDays,
        double outageMinutes,
        double scaledMinutes,
        int incidentDays,
        Double availabilityMean,
        Double days100Pct,
        Double days999Pct,
        Double days99Pct) {

    private static final double MINUTE = 60_000.0;

    /** The columns of the given days of one service and its incident-day count. */
    public static AvailabilityReport of(final Collection<DailyAvailability> days, final int incidentDays) {
        int major = 0;
        int partial = 0;
        long outage = 0;
        long scaled = 0;
        double availability = 0;
        int full = 0;
        int threeNines = 0;
        int twoNines = 0;
        for (final DailyAvailability day : days) {
            major += day.getMajorOutageMs() > 0 ? 1 : 0;
            partial += day.getPartialOutageMs() > 0 ? 1 : 0;
            outage += day.getMajorOutageMs() + day.getPartialOutageMs();
            scaled += day.getScaledOutageMs();
            availability += day.getAvailability();
            full += day.getAvailability() >= 1.0 ? 1 : 0;
            threeNines += day.getAvailability() >= 0.999 ? 1 : 0;
            twoNines += day.getAvailability() >= 0.99 ? 1 : 0;
        }
        final int n = days.size();
        return new AvailabilityReport(
                n,
                major + partial,
                major,
                partial,
                outage / MINUTE,
                scaled / MINUTE,
                incidentDays,
                n == 0 ? null : availability / n,
                n == 0 ? null : 100.0 * full / n,
                n == 0 ? null : 100.0 * threeNines / n,
                n == 0 ? null : 100.0 * twoNines / n);
    }
}
