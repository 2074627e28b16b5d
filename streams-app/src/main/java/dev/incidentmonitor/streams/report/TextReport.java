package dev.incidentmonitor.streams.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as tables for a person: services, providers (each incident counted once) and status combinations.
 * Durations are shown to three decimals with their sample count, {@code 1.234 (52)}; {@code -} means undefined (no
 * sample). Use {@link ReportFormat#JSON} for unrounded figures.
 */
final class TextReport {

    private static final String UNDEFINED = "-";
    private static final String GAP = "  ";

    private TextReport() {}

    static void write(final DatasetReport report, final Writer out) throws IOException {
        final StringBuilder text = new StringBuilder();
        text.append("Services, all time (out-of-order incidents and maintenances left out; (n) = samples)\n");
        table(text, report.services(), true);
        if (!report.providers().isEmpty()) {
            text.append("\nProviders, all time (each incident counted once, also those that name no service)\n");
            table(text, report.providers(), false);
        }
        if (!report.availability().isEmpty()) {
            availability(text, report);
        }
        text.append("\nStatus combinations (")
                .append(report.combinationIncidents())
                .append(" incidents, out-of-order ones included, maintenances left out)\n");
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"combination", "incidents"});
        for (final Map.Entry<String, Integer> e : report.statusCombinations().entrySet()) {
            rows.add(new String[] {e.getKey(), Integer.toString(e.getValue())});
        }
        align(text, rows, 1);
        out.write(text.toString().replace("\n", System.lineSeparator()));
        out.flush();
    }

    private static void availability(final StringBuilder text, final DatasetReport report) {
        text.append("\nAvailability, daily (outage days = major + partial day-types; minutes; % of days)\n");
        final List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {
            "provider",
            "service",
            "days",
            "outage days",
            "major",
            "partial",
            "outage min",
            "scaled min",
            "incident days",
            "mean avail",
            "100%",
            ">=99.9%",
            ">=99%"
        });
        for (final ServiceReport row : report.services()) {
            final AvailabilityReport a = report.availabilityOf(row);
            if (a == null) {
                continue;
            }
            cells.add(new String[] {
                row.provider(),
                row.service(),
                Integer.toString(a.days()),
                Integer.toString(a.outageDaysTotal()),
                Integer.toString(a.majorDays()),
                Integer.toString(a.partialDays()),
                number(a.outageMinutes(), "%.0f"),
                number(a.scaledMinutes(), "%.1f"),
                Integer.toString(a.incidentDays()),
                number(a.availabilityMean() == null ? null : 100 * a.availabilityMean(), "%.4f%%"),
                number(a.days100Pct(), "%.2f"),
                number(a.days999Pct(), "%.2f"),
                number(a.days99Pct(), "%.2f")
            });
        }
        align(text, cells, 2);
        if (!report.cooccurrence().isEmpty()) {
            text.append("\nCo-occurrence P(A|B), all time (pairs whose B had an outage day)\n");
            final List<String[]> pairs = new ArrayList<>();
            pairs.add(new String[] {"A|B", "P(A|B)"});
            report.cooccurrence()
                    .forEach((pair, p) -> pairs.add(new String[] {pair, String.format(Locale.ROOT, "%.3f", p)}));
            align(text, pairs, 1);
        }
    }

    private static String number(final Double value, final String format) {
        return value == null ? UNDEFINED : String.format(Locale.ROOT, format, value);
    }

    private static void table(final StringBuilder text, final List<ServiceReport> rows, final boolean services) {
        final List<String[]> cells = new ArrayList<>();
        final List<String> header = new ArrayList<>(List.of("provider"));
        if (services) {
            header.add("service");
        }
        header.add("incidents");
        for (final ReportColumn column : ReportColumns.SERVICE) {
            header.add(column.hasSamples() ? column.header() + " (n)" : column.header());
        }
        cells.add(header.toArray(String[]::new));
        for (final ServiceReport row : rows) {
            final List<String> line = new ArrayList<>(List.of(row.provider()));
            if (services) {
                line.add(row.service());
            }
            line.add(Integer.toString(row.incidents()));
            for (final ReportColumn column : ReportColumns.SERVICE) {
                line.add(cell(column, row));
            }
            cells.add(line.toArray(String[]::new));
        }
        align(text, cells, services ? 2 : 1);
    }

    private static String cell(final ReportColumn column, final ServiceReport row) {
        final Double value = column.value(row);
        final String shown = value == null ? UNDEFINED : String.format(Locale.ROOT, "%.3f", value);
        return column.hasSamples() ? shown + " (" + column.samples().applyAsInt(row) + ")" : shown;
    }

    /** Appends {@code rows} as columns: the first {@code leftColumns} left-aligned, the others right-aligned. */
    private static void align(final StringBuilder text, final List<String[]> rows, final int leftColumns) {
        final int[] widths = new int[rows.get(0).length];
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (final String[] row : rows) {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append(GAP);
                }
                final String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i < leftColumns ? row[i] + pad : pad + row[i]);
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
