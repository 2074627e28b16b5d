package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.app.IngestService;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.observability.MetricsServer;
import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.schema.EventSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor ingest}: runs one ingest-service instance against a Kafka cluster and registry (by default
 * the local run's) until Ctrl-C. Start several with different {@code --instance-id}s to share the pages.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Polls the catalogue's status pages and publishes their incident updates and component changes.")
final class IngestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description = "Provider catalogue (YAML); default: the shipped one.")
    private Path catalog;

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            defaultValue = "ingest-1",
            description = "This instance's stable, unique id (default: ${DEFAULT-VALUE}).")
    private String instanceId;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "9401",
            description = "Port of /metrics and /health on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int metricsPort;

    @Mixin
    private KafkaTarget target;

    @Mixin
    private TopicOptions topicOptions;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final ProviderCatalog providers =
                catalog == null ? ProviderCatalog.loadDefault() : ProviderCatalog.load(catalog);
        final CountDownLatch stopped = new CountDownLatch(1);
        final PrometheusMeterRegistry registry = Registries.prometheus("ingest-service", instanceId);
        final IngestService service = IngestService.start(
                new IngestService.Settings(
                        providers,
                        target.clientConfig(),
                        topicOptions.topics(),
                        "incident-monitor-ingest",
                        instanceId,
                        EventSource.POLL),
                registry);
        final MetricsServer metrics =
                MetricsServer.start("127.0.0.1", metricsPort, registry, () -> true, service::isReady);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            metrics.close();
                            service.close();
                            out.println("stopped");
                            out.flush();
                            stopped.countDown();
                        },
                        "ingest-shutdown"));
        out.printf(
                "ingest-service %s is running; metrics at http://127.0.0.1:%d/metrics%n", instanceId, metrics.port());
        out.flush();
        stopped.await();
        return 0;
    }
}
