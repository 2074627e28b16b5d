package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.history.HistoryImporter;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.ingest.history.RowProblem;
import dev.incidentmonitor.ingest.kafka.HistoryPublisher;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.observability.MetricsServer;
import dev.incidentmonitor.observability.Registries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor import --dataset DIR}: publishes the published study's raw incident and uptime CSVs as the
 * same events live polling produces (source {@code IMPORT}), through the same change detection, so importing twice
 * publishes nothing new. A malformed row is reported with file and line and skipped; the rest is imported.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Imports the study's raw incident and uptime CSVs as incident-monitor events.")
final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "DIR",
            description = "The dataset's raw folder, e.g. ../shared/datasets/llm-service-analysis/data/raw")
    private Path dataset;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "-1",
            description = "Serve the import's progress as Prometheus metrics on 127.0.0.1:PORT while it runs"
                    + " (default: off).")
    private int metricsPort;

    @Mixin
    private KafkaTarget target;

    @Mixin
    private TopicOptions topicOptions;

    private final PrometheusMeterRegistry registry = Registries.prometheus("import", "import");
    private final AtomicLong filesDone = registry.gauge("incident_monitor_import_files_done", new AtomicLong());
    private final AtomicLong filesTotal = registry.gauge("incident_monitor_import_files_total", new AtomicLong());
    private final AtomicLong rowsRead = registry.gauge("incident_monitor_import_rows_read", new AtomicLong());
    private final AtomicLong eventsPublished =
            registry.gauge("incident_monitor_import_events_published", new AtomicLong());

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dataset)) {
            throw new IllegalArgumentException("the dataset folder " + dataset + " does not exist");
        }
        if (metricsPort < 0) {
            return importDataset();
        }
        try (MetricsServer metrics = MetricsServer.start("127.0.0.1", metricsPort, registry, () -> true, () -> true)) {
            spec.commandLine().getOut().printf("import progress at http://127.0.0.1:%d/metrics%n", metrics.port());
            return importDataset();
        }
    }

    private int importDataset() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("reading " + dataset.toAbsolutePath().normalize() + " ...");
        out.flush();
        final ImportResult result = new HistoryImporter().importDirectory(dataset, progress -> {
            filesDone.set(progress.filesDone());
            filesTotal.set(progress.filesTotal());
            rowsRead.set(progress.rowsDone());
            out.printf("  %d/%d files, %,d rows%n", progress.filesDone(), progress.filesTotal(), progress.rowsDone());
            out.flush();
        });
        for (final RowProblem problem : result.problems()) {
            spec.commandLine().getErr().println("skipped: " + problem);
        }
        for (final RowProblem warning : result.warnings()) {
            spec.commandLine().getErr().println("warning: " + warning);
        }
        spec.commandLine().getErr().flush();
        out.printf(
                "read %,d incidents and %,d component status changes (%d rows skipped)%n",
                result.incidentCount(),
                result.statusChanges().size(),
                result.problems().size());
        final IngestTopics topics = topicOptions.topics();
        try (Admin admin = Admin.create(target.clientConfig())) {
            topics.ensureExist(admin);
        }
        final HistoryPublisher.Outcome outcome = new HistoryPublisher(target.clientConfig(), topics)
                .publish(result, line -> {
                    out.println("  " + line);
                    out.flush();
                });
        eventsPublished.set(outcome.incidentUpdates() + (long) outcome.componentChanges());
        out.printf(
                "published %,d incident updates and %,d component status changes to %s and %s%s%n",
                outcome.incidentUpdates(),
                outcome.componentChanges(),
                topics.incidentUpdates(),
                topics.componentStatusChanges(),
                outcome.incidentUpdates() + outcome.componentChanges() == 0 ? " (all already published)" : "");
        // Exit code 3: imported, but some rows were skipped (reported above).
        return result.problems().isEmpty() ? 0 : 3;
    }
}
