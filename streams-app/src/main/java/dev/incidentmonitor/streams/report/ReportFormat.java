package dev.incidentmonitor.streams.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ways {@code incident-monitor report} prints a {@link DatasetReport}. */
public enum ReportFormat {
    /** A readable table; figures to three decimals, {@code -} where undefined. */
    TEXT {
        @Override
        public void write(final DatasetReport report, final Writer out) throws IOException {
            TextReport.write(report, out);
        }
    },
    /** JSON with every figure unrounded and {@code null} where undefined, for scripts. */
    JSON {
        @Override
        public void write(final DatasetReport report, final Writer out) throws IOException {
            JsonReport.write(report, out);
        }
    };

    /** Writes {@code report} to {@code out} (not closed, but flushed). */
    public abstract void write(DatasetReport report, Writer out) throws IOException;

    /** Its name on the command line: {@code text}, {@code json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code name} (any case).
     *
     * @throws IllegalArgumentException naming the known formats when there is none of that name
     */
    public static ReportFormat parse(final String name) {
        for (final ReportFormat format : values()) {
            if (format.id().equalsIgnoreCase(name.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown report format '" + name + "' (expected one of: "
                + Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", ")) + ")");
    }
}
