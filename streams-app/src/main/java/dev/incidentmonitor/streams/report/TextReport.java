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
