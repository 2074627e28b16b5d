package dev.incidentmonitor.streams;

import dev.incidentmonitor.observability.ProcessSettings;
import dev.incidentmonitor.observability.Registries;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The streams-app as a process of its own, the entry point of its container image: one instance, configured from an
 * optional properties file (the only argument) and {@code KAFKA_*} environment variables, running until SIGTERM or
 * until an unhandled error stops the client, which ends the process with a failure so that an orchestrator restarts
 * it. The launcher's {@code streams} command does the same with command-line options.
 *
 * <p>Settings are {@link StreamsAppConfig}'s, layered by {@link ProcessSettings} ({@code KAFKA_APPLICATION_ID},
 * {@code KAFKA_STATE_DIR}, {@code KAFKA_APP_METRICS_PORT}, ...), plus {@value #INSTANCE_ID}: the instance's tag on
 * its metrics and its client id, which is all that tells two instances of one application id apart.
 */
public final class StreamsMain {

    /** This instance's id on its metrics and in its client id; default {@value #DEFAULT_INSTANCE_ID}. */
    public static final String INSTANCE_ID = "app.instance.id";

    static final String DEFAULT_INSTANCE_ID = "streams-1";

    private StreamsMain() {}

    /**
     * Runs until the process is told to stop, or fails when the client stopped on an unhandled error.
     *
     * @param args nothing, or the path of a properties file of settings
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 1) {
            throw new IllegalArgumentException("usage: StreamsMain [settings.properties]");
        }
        final Map<String, Object> settings = settings(args.length == 1 ? Path.of(args[0]) : null, System.getenv());
        final StreamsApp app = start(settings);
        final Thread hook = new Thread(app::close, "streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.awaitTermination();
        if (app.failure() != null) {
            Runtime.getRuntime().removeShutdownHook(hook);
            app.close();
            throw new IllegalStateException("the streams-app stopped on an unhandled error: " + app.failure());
        }
    }

    /**
     * The settings of a process: the properties file (if any), then the environment.
     *
     * @param file a properties file, or null
     * @param environment the process environment
     */
    public static Map<String, Object> settings(final Path file, final Map<String, String> environment) {
        final Set<String> known = new HashSet<>(StreamsAppConfig.definition().names());
        known.add(INSTANCE_ID);
        return ProcessSettings.load(file, environment, known);
    }

    /**
     * Starts an instance.
     *
     * @param settings every setting, with {@value #INSTANCE_ID} among them or not
     * @return the running instance
     * @throws org.apache.kafka.common.config.ConfigException on a bad {@code app.*} value, before connecting
     * @throws IOException when the metrics port cannot be bound
     */
    public static StreamsApp start(final Map<String, Object> settings) throws IOException {
        final Map<String, Object> appSettings = new HashMap<>(settings);
        final String instanceId = String.valueOf(appSettings.getOrDefault(INSTANCE_ID, DEFAULT_INSTANCE_ID));
        appSettings.remove(INSTANCE_ID);
        appSettings.putIfAbsent(StreamsConfig.CLIENT_ID_CONFIG, "incident-monitor-streams-" + instanceId);
        final StreamsAppConfig config = new StreamsAppConfig(appSettings);
        return StreamsApp.start(config, Registries.prometheus("streams-app", instanceId));
    }
}
