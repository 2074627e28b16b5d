package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.events.ChangeDetector;
import dev.incidentmonitor.ingest.events.ChangeSet;
import dev.incidentmonitor.ingest.events.InMemoryPublishedState;
import dev.incidentmonitor.ingest.history.HistoryImporter;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.ingest.history.RowProblem;
import dev.incidentmonitor.ingest.history.ServiceDayTotal;
import dev.incidentmonitor.ingest.history.StudyCatalog;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.streams.report.DatasetReport;
import dev.incidentmonitor.streams.report.ReplayChange;
import dev.incidentmonitor.streams.report.ReplayEvent;
import dev.incidentmonitor.streams.report.ReportFormat;
import dev.incidentmonitor.streams.report.ReportRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor report --dataset DIR}: the study's figures per service, computed by the streams-app's own
 * topology, without Kafka.
 *
 * <p>The dataset goes through exactly what {@code import} and the live app run: {@link HistoryImporter}, then {@link
 * ChangeDetector#detectHistory} (as if nothing had been published yet), then {@link ReportRunner}, which replays the
 * resulting {@code incident-updates} records through the live topology. So the report is what the running app
 * would publish for this data, and there is no second implementation of the maths to drift from it.
 *
 * <p>Only the report goes to standard output; what the import skipped or warned about goes to standard error. Exit
 * codes: 0 done, 1 bad input (folder, zone or format) or a failure, 2 a usage error, 3 done but some rows were
 * skipped (as {@code import}).
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Replays the study's raw incident CSVs through the streams-app's topology and prints per-service"
                + " P_I, P_R, P_C, P_L, MTTR and MTBF, and the status combinations.")
final class ReportCommand implements Callable<Integer> {

    /** How many skipped rows and warnings are listed one by one before only their number is given. */
    private static final int LISTED_PROBLEMS = 10;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "DIR",
            description = "The dataset's raw folder, e.g. ../shared/datasets/llm-service-analysis/data/raw")
    private Path dataset;

    @Option(
            names = "--time-zone",
            paramLabel = "ZONE",
            defaultValue = "America/Los_Angeles",
            description = "Time zone of the pages' update timestamps (default: ${DEFAULT-VALUE}, the study's pages).")
    private String timeZone;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "text (a table) or json (unrounded figures, null where undefined) (default: ${DEFAULT-VALUE}).")
    private String format;

    @Override
    public Integer call() throws IOException {
        final ReportFormat reportFormat = ReportFormat.parse(format);
        final ZoneId zone = zone(timeZone);
        if (!Files.isDirectory(dataset)) {
            throw new IllegalArgumentException("the dataset folder " + dataset + " does not exist");
        }
        final StudyCatalog study = StudyCatalog.icpe25();
        final ImportResult result = new HistoryImporter(
                        new StudyCatalog(zone, study.providerFolders(), study.services()))
                .importDirectory(dataset);
        final PrintWriter err = spec.commandLine().getErr();
        list(err, "skipped", result.problems());
        list(err, "warning", result.warnings());
        err.printf(
                "read %,d incidents from %s (%d rows skipped, %d warnings)%n",
                result.incidentCount(),
                dataset.toAbsolutePath().normalize(),
                result.problems().size(),
                result.warnings().size());
        err.flush();
        final ChangeSet events = new ChangeDetector().detectHistory(result, new InMemoryPublishedState());
        final DatasetReport report =
                ReportRunner.replay(replayEvents(events), replayChanges(events, zone), endOfData(result, zone));
        reportFormat.write(report, spec.commandLine().getOut());
        return result.problems().isEmpty() ? 0 : 3;
    }

    /** The {@code incident-updates} records the import would publish into an empty topic, in the same order. */
    static List<ReplayEvent> replayEvents(final ImportResult result) {
        return replayEvents(new ChangeDetector().detectHistory(result, new InMemoryPublishedState()));
    }

    private static List<ReplayEvent> replayEvents(final ChangeSet events) {
        return events.incidentUpdates().stream()
                .map(e -> new ReplayEvent(e.key(), e.value(), e.timestamp()))
                .toList();
    }

    /**
     * The {@code component-status-changes} records of the import, with the day time zone stamped as the
     * ingest-service stamps it from its catalogue (the study's pages count partial outage with Statuspage's 0.3).
     */
    static List<ReplayChange> replayChanges(final ChangeSet events, final ZoneId zone) {
        return events.componentChanges().stream()
                .map(e -> new ReplayChange(
                        e.key(),
                        ComponentStatusChange.newBuilder(e.value())
                                .setTimeZone(zone.getId())
                                .setPartialOutageWeight(Provider.DEFAULT_PARTIAL_OUTAGE_WEIGHT)
                                .build(),
                        e.timestamp()))
                .toList();
    }

    /** Local midnight after the last day of the daily calendars: the report's days end there. */
    static Instant endOfData(final ImportResult result, final ZoneId zone) {
        return result.dayTotals().stream()
                .map(ServiceDayTotal::date)
                .max(java.util.Comparator.naturalOrder())
                .map(last -> last.plusDays(1).atStartOfDay(zone).toInstant())
                .orElse(null);
    }

    private static ZoneId zone(final String id) {
        try {
            return ZoneId.of(id.strip());
        } catch (final DateTimeException e) {
            throw new IllegalArgumentException(
                    "unknown time zone '" + id + "' (use a region id such as America/Los_Angeles, or UTC)", e);
        }
    }

    private static void list(final PrintWriter err, final String label, final List<RowProblem> problems) {
        problems.stream().limit(LISTED_PROBLEMS).forEach(p -> err.println(label + ": " + p));
        if (problems.size() > LISTED_PROBLEMS) {
            err.printf("... and %d more (%s)%n", problems.size() - LISTED_PROBLEMS, label);
        }
    }
}
