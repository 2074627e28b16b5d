package dev.incidentmonitor.streams.report;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One duration column of the per-service table, shared by every {@link ReportFormat} so that the text table and the
 * JSON cannot disagree on a name, a unit or a sample count.
 *
 * @param jsonName the JSON field of the value, e.g. {@code p_i_hours}
 * @param header the text table's heading, e.g. {@code P_I h}
 * @param unit the unit the milliseconds are shown in
 * @param millis the value in milliseconds, or null when undefined
 * @param samplesName the field in the JSON {@code samples} object, or null when the column has no count of its own
 *     (a median shares its mean's)
 * @param samples the sample count; ignored when {@code samplesName} is null
 */
public record ReportColumn(
        String jsonName,
        String header,
        Unit unit,
        Function<ServiceReport, Long> millis,
        String samplesName,
        ToIntFunction<ServiceReport> samples) {

    public ReportColumn {
        Objects.requireNonNull(jsonName, "jsonName");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(millis, "millis");
        if ((samplesName == null) != (samples == null)) {
            throw new IllegalArgumentException("samplesName and samples go together: " + jsonName);
        }
    }

    /** A column of a mean, with its sample count named {@code samplesName} in JSON. */
    public static ReportColumn mean(
            final String jsonName,
            final String samplesName,
            final String header,
            final Unit unit,
            final Function<ServiceReport, Statistic> of) {
        return new ReportColumn(jsonName, header, unit, r -> of.apply(r).meanMs(), samplesName, r -> of.apply(r)
                .samples());
    }

    /** A column of a median, which shares its mean's sample count. */
    public static ReportColumn median(
            final String jsonName, final String header, final Unit unit, final Function<ServiceReport, Statistic> of) {
        return new ReportColumn(jsonName, header, unit, r -> of.apply(r).medianMs(), null, null);
    }

    /** The value of {@code row} in this column's unit, unrounded; null when undefined. */
    public Double value(final ServiceReport row) {
        final Long ms = millis.apply(row);
        return ms == null ? null : unit.fromMillis(ms);
    }

    /** Whether the column has a sample count of its own. */
    public boolean hasSamples() {
        return samplesName != null;
    }

    /** Units of the report. */
    public enum Unit {
        HOURS("h", 3_600_000.0),
        DAYS("d", 86_400_000.0);

        private final String symbol;
        private final double millis;

        Unit(final String symbol, final double millis) {
            this.symbol = symbol;
            this.millis = millis;
        }

        /** {@code h} or {@code d}. */
        public String symbol() {
            return symbol;
        }

        /** {@code ms} in this unit, as a double (no rounding). */
        public double fromMillis(final long ms) {
            return ms / millis;
        }
    }
}
