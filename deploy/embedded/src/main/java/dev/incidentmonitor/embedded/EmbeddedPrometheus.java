package dev.incidentmonitor.embedded;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus server of the local run and the dashboard tests: the {@code prometheus} binary installed on this machine
 * (Debian's {@code prometheus} package, or any release binary), started as a child process on a configuration file the
 * caller wrote.
 *
 * <p>Prometheus is optional for the local run: {@link #findBinary()} says whether one is installed, and the caller
 * decides what to do without it. Started with {@code --web.enable-lifecycle} so that tests can ask it to reload.
 */
public final class EmbeddedPrometheus implements AutoCloseable {

    /** The system property naming the Prometheus binary; when unset, {@code prometheus} is looked up on the PATH. */
    public static final String BINARY_PROPERTY = "incident-monitor.prometheus.binary";

    /** How long {@link #start} waits for Prometheus to answer {@code /-/ready}. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPrometheus.class);

    private final ChildProcess process;
    private final String host;
    private final int port;

    private EmbeddedPrometheus(final ChildProcess process, final String host, final int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /**
     * The Prometheus binary to run: the system property {@value #BINARY_PROPERTY} if set, else {@code prometheus} on
     * the PATH.
     *
     * @return the executable, or empty when none is installed
     */
    public static Optional<Path> findBinary() {
        final String property = System.getProperty(BINARY_PROPERTY);
        if (property != null && !property.isBlank()) {
            final Path binary = Path.of(property.trim());
            return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
        }
        final String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (final String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            final Path candidate = Path.of(dir, "prometheus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Prometheus and waits until it is ready (its configuration and rules loaded, its storage open).
     *
     * @param binary the {@code prometheus} executable
     * @param configFile the configuration; relative {@code rule_files} resolve against its directory
     * @param storageDir where the TSDB lives (created if missing; kept across runs)
     * @param host the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the port; 0 picks a free one
     * @param logFile where its output goes (appended)
     * @return the running server
     * @throws EmbeddedStartupException when the port is taken, the process exits during start-up (a bad config or
     *     rule file: the message quotes its log), or it is not ready within {@link #START_TIMEOUT}
     */
    public static EmbeddedPrometheus start(
            final Path binary,
            final Path configFile,
            final Path storageDir,
            final String host,
            final int port,
            final Path logFile) {
        final int actualPort;
        if (port == 0) {
            actualPort = Ports.freePort(host);
        } else {
            Ports.ensureFree(host, port, "Prometheus");
            actualPort = port;
        }
        final Path config = configFile.toAbsolutePath().normalize();
        final List<String> command = List.of(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + storageDir.toAbsolutePath().normalize(),
                "--web.listen-address=" + host + ":" + actualPort,
                "--web.enable-lifecycle");
        final ChildProcess process = ChildProcess.start("Prometheus", command, config.getParent(), logFile);
        final EmbeddedPrometheus prometheus = new EmbeddedPrometheus(process, host, actualPort);
        final long started = System.nanoTime();
        try {
            process.awaitOk(
                    HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(2))
                            .build(),
                    URI.create(prometheus.url() + "/-/ready"),
                    START_TIMEOUT);
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
        LOG.info(
                "Prometheus (pid {}) ready at {} after {} ms; log: {}",
                process.pid(),
                prometheus.url(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                process.logFile());
        return prometheus;
    }

    /**
     * Its root URL.
     *
     * @return e.g. {@code http://127.0.0.1:9090}
     */
    public String url() {
        return "http://" + host + ":" + port;
    }

    /**
     * The port it listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The file it writes its output to.
     *
     * @return the log file
     */
    public Path logFile() {
        return process.logFile();
    }

    /** Stops Prometheus (it flushes its head block first); calling it again does nothing. */
    @Override
    public void close() {
        process.close();
    }
}
