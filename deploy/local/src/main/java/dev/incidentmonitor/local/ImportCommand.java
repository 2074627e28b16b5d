package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.history.HistoryImporter;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.ingest.history.RowProblem;
import dev.incidentmonitor.ingest.kafka.HistoryPublisher;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

    @Mixin
    private KafkaTarget target;

    @Mixin
    private TopicOptions topicOptions;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dataset)) {
            throw new IllegalArgumentException("the dataset folder " + dataset + " does not exist");
        }
        out.println("reading " + dataset.toAbsolutePath().normalize() + " ...");
        out.flush();
        final ImportResult result = new HistoryImporter().importDirectory(dataset, progress -> {
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
        out.printf(
                "published %,d incident updates and %,d component status changes to %s and %s%s%n",
                outcome.incidentUpdates(),
                outcome.componentChanges(),
                topics.incidentUpdates(),
                topics.componentStatusChanges(),
                outcome.incidentUpdates() + outcome.componentChanges() == 0 ? " (all already published)" : "");
        return result.problems().isEmpty() ? 0 : 3;
    }
}
