package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.app.IngestService;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.ingest.simulator.StatusPageSimulator;
import dev.incidentmonitor.observability.MetricsServer;
import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The ingest side of the local run: the ingest-service polling the catalogue (or the simulator's pages), with its
 * metrics endpoint. Closed before Kafka stops, so its last transaction completes.
 */
final class LocalIngest implements AutoCloseable {

    /** Poll interval of simulated pages: fast, so a newcomer sees the system move within seconds. */
    static final Duration SIMULATED_POLL_INTERVAL = Duration.ofSeconds(5);

    private final StatusPageSimulator simulator;
    private final IngestService ingest;
    private final MetricsServer metrics;
    private final int pages;

    private LocalIngest(
            final StatusPageSimulator simulator,
            final IngestService ingest,
            final MetricsServer metrics,
            final int pages) {
        this.simulator = simulator;
        this.ingest = ingest;
        this.metrics = metrics;
        this.pages = pages;
    }

    static LocalIngest start(
            final LocalStack stack, final Path catalogFile, final int simulatedPages, final int metricsPort) {
        return start(
                stack,
                catalogFile,
                simulatedPages > 0 ? SimulatorConfig.generate(simulatedPages, 42L) : null,
                metricsPort);
    }

    /**
     * Starts the ingest-service polling {@code simulation}'s pages (on a free port), or the catalogue when it is
     * null.
     */
    static LocalIngest start(
            final LocalStack stack, final Path catalogFile, final SimulatorConfig simulation, final int metricsPort) {
        StatusPageSimulator simulator = null;
        try {
            final ProviderCatalog catalog;
            if (simulation != null) {
                simulator = StatusPageSimulator.start(simulation.withPort(0));
                catalog = ProviderCatalog.parse(simulator.providersYaml(SIMULATED_POLL_INTERVAL), "simulator");
            } else {
                catalog = catalogFile == null ? ProviderCatalog.loadDefault() : ProviderCatalog.load(catalogFile);
            }
            final PrometheusMeterRegistry registry = Registries.prometheus("ingest-service", "local");
            final IngestService ingest = IngestService.start(
                    new IngestService.Settings(
                            catalog,
                            Map.of(
                                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                                    stack.kafka().bootstrapServers(),
                                    AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                    stack.schemaRegistryUrl()),
                            IngestTopics.DEFAULTS,
                            "incident-monitor-ingest",
                            "local",
                            simulator != null ? EventSource.SIMULATOR : EventSource.POLL),
                    registry);
            final MetricsServer metrics;
            try {
                metrics = MetricsServer.start("127.0.0.1", metricsPort, registry, () -> true, ingest::isReady);
            } catch (final IOException e) {
                ingest.close();
                throw e;
            }
            return new LocalIngest(
                    simulator, ingest, metrics, catalog.enabledProviders().size());
        } catch (final IOException e) {
            if (simulator != null) {
                simulator.close();
            }
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (final RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
    }

    /** The port of its {@code /metrics}. */
    int metricsPort() {
        return metrics.port();
    }

    String describe() {
        final String nl = System.lineSeparator();
        return "  ingest-service       polling " + pages + " page(s)"
                + (simulator != null ? " of the simulator at " + simulator.origin() : "") + nl
                + "  ingest metrics       http://127.0.0.1:" + metrics.port() + "/metrics" + nl;
    }

    @Override
    public void close() {
        try {
            metrics.close();
            ingest.close();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }
}
