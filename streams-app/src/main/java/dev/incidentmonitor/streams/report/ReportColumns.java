package dev.incidentmonitor.streams.report;

import dev.incidentmonitor.streams.report.ReportColumn.Unit;
import java.util.List;

/**
 * The per-service columns of the report, in the order both formats print them: P_I, P_R, P_C in hours, P_L in days,
 * MTTR in hours, MTBF in days, then the medians of MTTR and MTBF. A new per-service figure is one more entry here.
 */
public final class ReportColumns {

    /** Every duration column of a service row. */
    public static final List<ReportColumn> SERVICE = List.of(
            ReportColumn.mean("p_i_hours", "p_i", "P_I h", Unit.HOURS, ServiceReport::investigating),
            ReportColumn.mean("p_r_hours", "p_r", "P_R h", Unit.HOURS, ServiceReport::repairing),
            ReportColumn.mean("p_c_hours", "p_c", "P_C h", Unit.HOURS, ServiceReport::checking),
            ReportColumn.mean("p_l_days", "p_l", "P_L d", Unit.DAYS, ServiceReport::learning),
            ReportColumn.mean("mttr_hours", "mttr", "MTTR h", Unit.HOURS, ServiceReport::timeToResolve),
            ReportColumn.mean("mtbf_days", "mtbf", "MTBF d", Unit.DAYS, ServiceReport::timeBetweenFailures),
            ReportColumn.median("mttr_median_hours", "MTTR med h", Unit.HOURS, ServiceReport::timeToResolve),
            ReportColumn.median("mtbf_median_days", "MTBF med d", Unit.DAYS, ServiceReport::timeBetweenFailures));

    private ReportColumns() {}
}
