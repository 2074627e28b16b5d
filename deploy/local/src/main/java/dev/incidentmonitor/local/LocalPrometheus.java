package dev.incidentmonitor.local;

import dev.incidentmonitor.embedded.EmbeddedPrometheus;
import dev.incidentmonitor.embedded.EmbeddedStartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Prometheus of the local run: the installed {@code prometheus} binary, configured to scrape the ports this run
 * actually uses and loaded with the project's own recording and alert rules (the files of {@code deploy/prometheus/
 * rules}, packaged into the launcher), so the alerts and the dashboards' queries behave as in production.
 *
 * <p>Layout under the data directory: {@code prometheus/prometheus.yml} and {@code prometheus/rules/} are rewritten at
 * every start (so they follow the ports and the launcher's rules), {@code prometheus/data/} keeps the series across
 * runs, {@code logs/prometheus.log} has its output.
 */
final class LocalPrometheus implements AutoCloseable {

    /** Where the rules sit on the launcher's class path. */
    static final String RULES_RESOURCE = "prometheus/rules";

    /**
     * Scrape and evaluation interval. Shorter than production's 15 s/30 s so that a local run shows data within
     * seconds; the rules' windows are unchanged.
     */
    static final String INTERVAL = "5s";

    private final EmbeddedPrometheus server;

    private LocalPrometheus(final EmbeddedPrometheus server) {
        this.server = server;
    }

    /**
     * Writes the configuration and the rules, then starts Prometheus.
     *
     * @param binary the {@code prometheus} executable
     * @param dataDir the run's data directory
     * @param port Prometheus's port on 127.0.0.1
     * @param ingestMetricsPort the ingest-service's {@code /metrics} port, or empty when it does not run
     * @param streamsMetricsPort the streams-app's {@code /metrics} port, or empty when it does not run
     */
    static LocalPrometheus start(
            final Path binary,
            final Path dataDir,
            final int port,
            final Optional<Integer> ingestMetricsPort,
            final Optional<Integer> streamsMetricsPort) {
        final Path home = dataDir.resolve("prometheus");
        final Path config = home.resolve("prometheus.yml");
        try {
            copyRules(home.resolve("rules"));
            Files.writeString(config, config(port, ingestMetricsPort, streamsMetricsPort), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new EmbeddedStartupException(
                    "cannot write the Prometheus configuration under " + home + ": " + e.getMessage(), e);
        }
        return new LocalPrometheus(EmbeddedPrometheus.start(
                binary,
                config,
                home.resolve("data"),
                "127.0.0.1",
                port,
                dataDir.resolve("logs").resolve("prometheus.log")));
    }

    /**
     * The configuration for these ports: the jobs of {@code deploy/prometheus/prometheus.yml} (the rules select on
     * their names), each pointing at the port this run uses.
     */
    /* test */ static String config(
            final int port, final Optional<Integer> ingestMetricsPort, final Optional<Integer> streamsMetricsPort) {
        final String nl = "\n";
        final StringBuilder yaml = new StringBuilder()
                .append("# Written by `incident-monitor up` at every start; edits are overwritten.")
                .append(nl)
                .append("global:" + nl)
                .append("  scrape_interval: " + INTERVAL + nl)
                .append("  evaluation_interval: " + INTERVAL + nl)
                .append("rule_files:" + nl)
                .append("  - rules/*.yml" + nl)
                .append("scrape_configs:" + nl);
        job(yaml, "prometheus", port);
        ingestMetricsPort.ifPresent(p -> job(yaml, "ingest-service", p));
        streamsMetricsPort.ifPresent(p -> job(yaml, "streams-app", p));
        return yaml.toString();
    }

    private static void job(final StringBuilder yaml, final String name, final int port) {
        yaml.append("  - job_name: ")
                .append(name)
                .append('\n')
                .append("    static_configs:\n")
                .append("      - targets: [\"127.0.0.1:")
                .append(port)
                .append("\"]\n");
    }

    /** Replaces {@code target}'s rule files with the launcher's, so a rule removed upstream does not linger. */
    /* test */ static List<String> copyRules(final Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
            for (final Path file : (Iterable<Path>) old::iterator) {
                if (file.getFileName().toString().endsWith(".yml")) {
                    Files.delete(file);
                }
            }
        }
        final URL url = LocalPrometheus.class.getClassLoader().getResource(RULES_RESOURCE);
        if (url == null) {
            throw new IOException("the launcher has no " + RULES_RESOURCE + " (a broken build?)");
        }
        final URI uri;
        try {
            uri = url.toURI();
        } catch (final URISyntaxException e) {
            throw new IOException("unreadable resource URL " + url, e);
        }
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return copyYaml(jar.getPath(RULES_RESOURCE), target);
            }
        }
        return copyYaml(Path.of(uri), target);
    }

    private static List<String> copyYaml(final Path source, final Path target) throws IOException {
        final List<String> copied = new ArrayList<>();
        try (Stream<Path> files = Files.list(source)) {
            for (final Path file : (Iterable<Path>) files.sorted()::iterator) {
                final String name = file.getFileName().toString();
                if (name.endsWith(".yml")) {
                    Files.copy(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    copied.add(name);
                }
            }
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
        return copied;
    }

    /** The root URL, e.g. {@code http://127.0.0.1:9090}. */
    String url() {
        return server.url();
    }

    String describe() {
        final String nl = System.lineSeparator();
        return "  Prometheus           " + url() + " (alerts: " + url() + "/alerts; log: " + server.logFile() + ")"
                + nl;
    }

    @Override
    public void close() {
        server.close();
    }
}
