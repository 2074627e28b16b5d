package dev.incidentmonitor.ingest.app;

import dev.incidentmonitor.observability.MetricsServer;
import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.schema.EventSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest-service as a process of its own, the entry point of its container image: one instance, configured from
 * an optional properties file (the only argument) and {@code KAFKA_*} environment variables ({@link IngestConfig}),
 * running until SIGTERM. The launcher's {@code ingest} command does the same with command-line options.
 */
public final class IngestMain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private final IngestService service;
    private final MetricsServer metrics;

    private IngestMain(final IngestService service, final MetricsServer metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /**
     * Runs until the process is told to stop.
     *
     * @param args nothing, or the path of a properties file of settings
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 1) {
            throw new IllegalArgumentException("usage: IngestMain [settings.properties]");
        }
        final IngestConfig config = IngestConfig.load(args.length == 1 ? Path.of(args[0]) : null, System.getenv());
        final IngestMain main = start(config);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            main.close();
                            stopped.countDown();
                        },
                        "ingest-shutdown"));
        stopped.await();
    }

    /**
     * Starts polling and publishing, and serves {@code /metrics} and {@code /health}.
     *
     * @param config the validated configuration
     * @return the running instance
     * @throws IOException when the metrics port cannot be bound
     */
    public static IngestMain start(final IngestConfig config) throws IOException {
        LOG.info("ingest-service configuration: {}", config.masked());
        final String instanceId = config.getString(IngestConfig.INSTANCE_ID);
        final PrometheusMeterRegistry registry = Registries.prometheus("ingest-service", instanceId);
        final IngestService service = IngestService.start(
                new IngestService.Settings(
                        config.catalog(),
                        config.kafka(),
                        config.topics(),
                        config.getString(IngestConfig.GROUP_ID),
                        instanceId,
                        EventSource.POLL),
                registry);
        try {
            final MetricsServer metrics = MetricsServer.start(
                    config.getString(IngestConfig.METRICS_HOST),
                    config.getInt(IngestConfig.METRICS_PORT),
                    registry,
                    () -> true,
                    service::isReady);
            LOG.info("ingest-service {} is running; metrics on port {}", instanceId, metrics.port());
            return new IngestMain(service, metrics);
        } catch (final IOException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** The port {@code /metrics} is served on. */
    public int metricsPort() {
        return metrics.port();
    }

    /** Stops the endpoint, then polling and publishing. */
    @Override
    public void close() {
        metrics.close();
        service.close();
        LOG.info("ingest-service stopped");
    }
}
