package dev.incidentmonitor.local;

import dev.incidentmonitor.embedded.EmbeddedKafka;
import dev.incidentmonitor.embedded.EmbeddedPrometheus;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.Ports;
import dev.incidentmonitor.serde.AvroSerdeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Exit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor up}: starts Kafka and the schema registry on this machine and keeps them running
 * until Ctrl-C.
 *
 * <p>Kafka's data survives restarts in {@code --data-dir}, so a second {@code up} finds the topics and records
 * of the first. The shutdown hook stops the services in the reverse order of their start (Prometheus, the
 * services, the registry, then Kafka), so nothing outlives what it was started after, then prints "stopped".
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description =
                "Starts Kafka, the schema registry, the ingest-service and the streams-app, and runs until Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = ".incident-monitor",
            description =
                    "Where Kafka keeps its data across runs (default: ${DEFAULT-VALUE} in the current directory).")
    private Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "" + EmbeddedKafka.DEFAULT_PORT,
            description = "Kafka port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int kafkaPort;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Schema registry port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int registryPort;

    @Option(
            names = "--registry-home",
            paramLabel = "DIR",
            description = "The built schema registry (default: the system property incident-monitor.registry.home,"
                    + " else the build output of deploy/schema-registry).")
    private Path registryHome;

    @Option(
            names = "--simulate",
            description = "Poll simulated status pages instead of the real ones (no internet needed).")
    private boolean simulate;

    @Option(
            names = "--simulate-pages",
            paramLabel = "N",
            defaultValue = "20",
            description = "With --simulate: how many pages to simulate (default: ${DEFAULT-VALUE}).")
    private int simulatedPages;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description = "Provider catalogue (YAML) to poll; default: the shipped one.")
    private Path catalog;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "9401",
            description = "Port of the ingest-service's /metrics on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int metricsPort;

    @Option(
            names = "--streams-metrics-port",
            paramLabel = "PORT",
            defaultValue = "9402",
            description = "Port of the streams-app's /metrics on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int streamsMetricsPort;

    @Option(
            names = "--prometheus-port",
            paramLabel = "PORT",
            defaultValue = "9090",
            description = "Port of Prometheus on 127.0.0.1, when one is installed (default: ${DEFAULT-VALUE}).")
    private int prometheusPort;

    @Option(
            names = "--no-prometheus",
            description = "Do not start Prometheus even when one is installed (it is started when the"
                    + " `prometheus` binary is on the PATH).")
    private boolean noPrometheus;

    @Option(names = "--no-ingest", description = "Do not start the ingest-service.")
    private boolean noIngest;

    @Option(names = "--no-streams", description = "Do not start the streams-app.")
    private boolean noStreams;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int exitCode;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("starting Kafka and the schema registry ...");
        out.flush();
        Path home = registryHome != null ? registryHome : EmbeddedSchemaRegistry.defaultHome();
        Optional<Path> prometheusBinary = noPrometheus ? Optional.empty() : EmbeddedPrometheus.findBinary();
        if (prometheusBinary.isPresent()) {
            Ports.ensureFree("127.0.0.1", prometheusPort, "Prometheus, --prometheus-port");
        }
        LocalStack stack = LocalStack.start(dataDir, kafkaPort, registryPort, home);
        LocalStreams streams = null;
        LocalIngest ingest = null;
        LocalPrometheus prometheus = null;
        try {
            if (!noStreams) {
                streams = LocalStreams.start(
                        Map.of(
                                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                                stack.kafka().bootstrapServers(),
                                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                stack.schemaRegistryUrl()),
                        stack.dataDir().resolve("streams-state"),
                        "local",
                        streamsMetricsPort);
            }
            ingest = noIngest ? null : LocalIngest.start(stack, catalog, simulate ? simulatedPages : 0, metricsPort);
            if (prometheusBinary.isPresent()) {
                prometheus = LocalPrometheus.start(
                        prometheusBinary.get(),
                        stack.dataDir(),
                        prometheusPort,
                        noIngest ? Optional.empty() : Optional.of(ingest.metricsPort()),
                        noStreams ? Optional.empty() : Optional.of(streams.app().metricsPort()));
            }
        } catch (RuntimeException e) {
            stop(ingest, streams, null, stack, null);
            throw e;
        }
        final LocalIngest runningIngest = ingest;
        final LocalStreams runningStreams = streams;
        final LocalPrometheus runningPrometheus = prometheus;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> stop(runningIngest, runningStreams, runningPrometheus, stack, out),
                        "incident-monitor-shutdown"));
        PrintWriter err = spec.commandLine().getErr();
        Exit.setHaltProcedure((code, message) -> haltAfterFatalKafkaError(stack, err, code, message));
        if (streams != null) {
            streams.whenStoppedUnexpectedly(reason -> {
                err.println("error: " + reason + "; stopping everything (see the log above)");
                err.flush();
                exitCode = 1;
                stopped.countDown();
            });
        }
        out.println(banner(stack, ingest, streams, prometheus, noPrometheus));
        out.flush();
        stopped.await();
        return exitCode;
    }

    /**
     * Stops what runs in the reverse order of the start. Without {@code out} (a failed start) it prints nothing and
     * keeps no latch.
     */
    private void stop(
            LocalIngest ingest, LocalStreams streams, LocalPrometheus prometheus, LocalStack stack, PrintWriter out) {
        if (out != null) {
            out.println();
            out.println("stopping ...");
            out.flush();
        }
        try {
            if (prometheus != null) {
                prometheus.close();
            }
            if (ingest != null) {
                ingest.close();
            }
            if (streams != null) {
                streams.close();
            }
            stack.close();
            if (out != null) {
                out.println("stopped");
            }
        } finally {
            if (out != null) {
                out.flush();
                stopped.countDown();
            }
        }
    }

    /**
     * Kafka halts the JVM on a fatal fault (e.g. a damaged log) without running shutdown hooks, on purpose: its
     * own threads may be stuck. The registry is a child process, so stop it first, then halt as Kafka asked.
     */
    private static void haltAfterFatalKafkaError(LocalStack stack, PrintWriter err, int code, String message) {
        err.println("error: Kafka stopped on a fatal error" + (message == null ? "" : " (" + message + ")")
                + "; see the log above. Stopping the schema registry.");
        err.flush();
        try {
            stack.stopRegistry();
        } finally {
            Runtime.getRuntime().halt(code);
        }
    }

    /* test */ static String banner(
            LocalStack stack,
            LocalIngest ingest,
            LocalStreams streams,
            LocalPrometheus prometheus,
            boolean prometheusDisabled) {
        EmbeddedKafka kafka = stack.kafka();
        String nl = System.lineSeparator();
        return nl
                + "incident-monitor is up" + nl
                + "  bootstrap servers    " + kafka.bootstrapServers() + nl
                + "  schema registry URL  " + stack.schemaRegistryUrl() + nl
                + "  data directory       " + stack.dataDir() + nl
                + "  registry log file    " + stack.registryLog() + nl
                + "  Kafka started in " + kafka.startupDuration().toMillis() + " ms ("
                + (kafka.formattedStorage() ? "new data directory" : "existing data") + ", cluster id "
                + kafka.clusterId() + "), registry in "
                + stack.registryStartup().toMillis() + " ms" + nl
                + (ingest == null ? "" : ingest.describe())
                + (streams == null ? "" : streams.describe())
                + (prometheus != null
                        ? prometheus.describe()
                        : prometheusDisabled
                                ? ""
                                : "  Prometheus           not started: no `prometheus` on the PATH (Debian/Ubuntu:"
                                        + " apt-get install prometheus)" + nl)
                + "Press Ctrl-C to stop." + nl;
    }
}
