package dev.incidentmonitor.ingest.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.ingest.history.CsvRecords.CsvRecord;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one uptime calendar of the study ({@code uptime/<date>/<service>/uptime_history.csv}): one row per
 * local calendar day, with the day's major and partial outage minutes (not their times).
 */
final class UptimeFileReader {

    static final String DATE = "Date";
    static final String OUTAGES = "Outages";
    static final String SERVICE = "Service";

    private static final List<String> REQUIRED = List.of(DATE, OUTAGES);

    private static final Pattern DAY = Pattern.compile("^(\\d{1,2})\\s+([A-Za-z]{3})[A-Za-z]*\\.?\\s+(\\d{4})$");

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    /**
     * One row.
     *
     * @param date local calendar day
     * @param majorMinutes minutes in major outage
     * @param partialMinutes minutes in partial outage
     * @param file the file
     * @param line the line the row starts on
     */
    record DayRow(LocalDate date, long majorMinutes, long partialMinutes, Path file, long line) {}

    /** A row that cannot be imported. */
    private static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(final String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads the rows of one file.
     *
     * @param serviceId the service the file belongs to (its folder)
     * @return the number of data records read (skipped ones included)
     */
    int read(final Path file, final String text, final String serviceId, final ImportLog log, final List<DayRow> out) {
        final CsvTable table = CsvTable.read(file, text, REQUIRED, log);
        if (table == null) {
            return 0;
        }
        boolean serviceMismatchReported = false;
        for (final CsvRecord row : table.rows()) {
            final String malformed = table.check(row);
            if (malformed != null) {
                log.problem(file, row.line(), malformed + "; row skipped");
                continue;
            }
            final String named = table.get(row, SERVICE).strip();
            if (!serviceMismatchReported
                    && !named.isEmpty()
                    && !StudyCatalog.componentId(named).equals(serviceId)) {
                log.warning(
                        file,
                        row.line(),
                        "Service column says '" + named + "' but the folder is '" + serviceId
                                + "'; used the folder (reported once per file)");
                serviceMismatchReported = true;
            }
            // Warnings count only for rows that are imported: a skipped row has its one problem.
            final List<String> warnings = new ArrayList<>();
            try {
                out.add(dayRow(file, row.line(), table.get(row, DATE).strip(), table.get(row, OUTAGES), warnings));
                warnings.forEach(w -> log.warning(file, row.line(), w));
            } catch (BadRow e) {
                log.problem(file, row.line(), e.getMessage() + "; row skipped");
            }
        }
        return table.rows().size();
    }

    private DayRow dayRow(
            final Path file, final long line, final String dateText, final String outages, final List<String> warnings)
            throws BadRow {
        final LocalDate date = date(dateText);
        final JsonNode list;
        try {
            list = json.readTree(outages);
        } catch (JsonProcessingException e) {
            throw new BadRow(date + ": " + OUTAGES + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (list == null || !list.isArray()) {
            throw new BadRow(date + ": " + OUTAGES + " is not a JSON list");
        }
        long major = 0;
        long partial = 0;
        boolean seenMajor = false;
        boolean seenPartial = false;
        for (final JsonNode outage : list) {
            final JsonNode typeNode = outage.get("Outage_Type");
            final JsonNode minutesNode = outage.get("Downtime (min)");
            if (typeNode == null || !typeNode.isTextual() || minutesNode == null) {
                throw new BadRow(date + ": outage entry without Outage_Type or Downtime (min): " + outage);
            }
            if (!minutesNode.canConvertToExactIntegral() || minutesNode.asLong() < 0) {
                throw new BadRow(date + ": Downtime (min) is not a whole number of minutes >= 0: " + minutesNode);
            }
            final long minutes = minutesNode.asLong();
            final String type = typeNode.asText().strip().toLowerCase(Locale.ROOT);
            switch (type) {
                case "major outage" -> {
                    if (seenMajor) {
                        warnings.add(date + ": two Major outage entries; added them up");
                    }
                    seenMajor = true;
                    major += minutes;
                }
                case "partial outage" -> {
                    if (seenPartial) {
                        warnings.add(date + ": two Partial outage entries; added them up");
                    }
                    seenPartial = true;
                    partial += minutes;
                }
                default ->
                    warnings.add(date + ": Outage_Type '" + typeNode.asText()
                            + "' is neither a major nor a partial outage; counted as zero outage minutes");
            }
        }
        return new DayRow(date, major, partial, file, line);
    }

    /** A date such as {@code 1 Jun 2024}. */
    private static LocalDate date(final String text) throws BadRow {
        final Matcher m = DAY.matcher(text);
        final int month = m.matches() ? MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1 : 0;
        if (month == 0) {
            throw new BadRow("Date '" + text + "' is not of the form '1 Jun 2024'");
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(3)), month, Integer.parseInt(m.group(1)));
        } catch (DateTimeException e) {
            throw new BadRow("Date '" + text + "' is not a calendar day: " + e.getMessage());
        }
    }
}
