package dev.incidentmonitor.local;

import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.streams.StreamsApp;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One streams-app instance for the launcher: {@code up} runs one beside the local broker, {@code streams} runs one
 * against any cluster. Its state lives under the given directory, so a restart restores from local state rather
 * than from the changelogs.
 */
final class LocalStreams implements AutoCloseable {

    private final StreamsApp app;
    private final String instanceId;
    private volatile boolean closing;

    private LocalStreams(final StreamsApp app, final String instanceId) {
        this.app = app;
        this.instanceId = instanceId;
    }

    /**
     * Starts an instance.
     *
     * @param clientConfig Kafka client and serde settings (bootstrap servers, registry URL, security, and any {@code
     *     app.*} setting), already layered
     * @param stateDir the Kafka Streams state directory
     * @param instanceId this instance's tag on its metrics
     * @param metricsPort port of {@code /metrics} on 127.0.0.1 unless the settings say otherwise
     */
    static LocalStreams start(
            final Map<String, Object> clientConfig,
            final Path stateDir,
            final String instanceId,
            final int metricsPort) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        settings.put(StreamsAppConfig.METRICS_PORT, metricsPort);
        settings.put(StreamsConfig.CLIENT_ID_CONFIG, "incident-monitor-streams-" + instanceId);
        settings.putAll(clientConfig);
        final StreamsAppConfig config = new StreamsAppConfig(settings);
        try {
            return new LocalStreams(
                    StreamsApp.start(config, Registries.prometheus("streams-app", instanceId)), instanceId);
        } catch (final IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    StreamsApp app() {
        return app;
    }

    String describe() {
        final String nl = System.lineSeparator();
        return "  streams-app          instance " + instanceId + ", writing incidents, incident-events,"
                + " service-reliability" + nl
                + "  streams metrics      http://127.0.0.1:" + app.metricsPort() + "/metrics" + nl;
    }

    /**
     * Calls {@code onStop} with the reason, from a daemon thread, when the client stops without {@link #close()}: an
     * error shut it down (its state, ERROR, and the error). A local run must not go on half alive, serving an
     * ingest-service and a broker with nothing processing their records.
     */
    void whenStoppedUnexpectedly(final Consumer<String> onStop) {
        final Thread watcher = new Thread(
                () -> {
                    try {
                        app.awaitTermination();
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (!closing) {
                        onStop.accept("the streams-app stopped (state " + app.state() + ")" + why(app.failure()));
                    }
                },
                "incident-monitor-streams-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The error and, when it wraps others, the innermost one, which says what went wrong. */
    private static String why(final Throwable failure) {
        if (failure == null) {
            return "";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return ": " + failure + (root == failure ? "" : ", caused by " + root);
    }

    @Override
    public void close() {
        closing = true;
        app.close();
    }
}
