package dev.incidentmonitor.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry of the local run and the integration tests: Apicurio Registry 2.4.2.Final with in-memory
 * storage, built by {@code deploy/schema-registry} into a Quarkus fast-jar ({@code quarkus-app/quarkus-run.jar}),
 * serving the Confluent-compatible API at {@link #ccompatUrl()}.
 *
 * <p>It runs as a child process, not inside this JVM: Apicurio is a Quarkus application that needs its own class
 * path (Quarkus 2.16, Jackson 2.14, Kafka 2.8 clients, Avro 1.11, ...), which conflicts with this project's, and its
 * build-time generated start-up code only runs from its own launcher. A process also gives a clean stop and keeps the
 * registry's memory and log output apart.
 *
 * <p>Start it with {@link #start(Path, String, int, Path)}; {@link #close()} stops it, and a JVM shutdown hook stops it
 * if the caller does not. Storage is in memory, so every start begins empty, unless a storage directory is given
 * ({@link #start(Path, String, int, Path, Path)}): then the schemas and their ids live in an H2 database file there and
 * a restart finds them again, as a broker that keeps its data needs (its records carry schema ids, which an empty
 * registry would hand out anew, in whatever order schemas come). Once started, the registry's global
 * compatibility level is {@code BACKWARD}. Schemas are matched by their exact text, so register and look up the same
 * string (Avro's {@code Schema.toString()}); schema ids are content ids, the same for one schema in every subject.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** The system property naming the registry home directory (the built {@code quarkus-app} directory). */
    public static final String HOME_PROPERTY = "incident-monitor.registry.home";

    /** The environment variable naming the registry home directory, read when the system property is not set. */
    public static final String HOME_ENV = "INCIDENT_MONITOR_REGISTRY_HOME";

    /** Where the registry's Confluent-compatible API lives, relative to {@link #baseUrl()}. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    /** How long {@link #start(Path, String, int, Path)} waits for the registry to answer. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** How to build the registry, for the messages of a missing home directory. */
    public static final String BUILD_HINT =
            "build it with: ./mvnw -q -pl deploy/schema-registry -am package -DskipTests";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private static final Path DEFAULT_RELATIVE_HOME = Path.of("deploy", "schema-registry", "target", "quarkus-app");
    private static final String RUN_JAR = "quarkus-run.jar";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String COMPATIBILITY = "BACKWARD";
    private static final Pattern COMPATIBILITY_LEVEL = Pattern.compile("\"compatibilityLevel\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final String IN_MEMORY_DATABASE = "jdbc:h2:mem:registry_db;DB_CLOSE_DELAY=-1";

    private final ChildProcess process;
    private final String host;
    private final int port;
    private final Path logFile;
    private final HttpClient http;

    private EmbeddedSchemaRegistry(final ChildProcess process, final String host, final int port) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.logFile = process.logFile();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * Starts the registry and waits up to {@link #DEFAULT_START_TIMEOUT} until it answers.
     *
     * @param home the built registry: the {@code quarkus-app} directory holding {@code quarkus-run.jar}, see
     *     {@link #defaultHome()}
     * @param host the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the port to listen on; 0 picks a free one
     * @param logFile where the process's standard output and error go (appended; parent directories are created)
     * @return the running registry, with BACKWARD global compatibility
     * @throws PortInUseException when the port is already bound on the host
     * @throws EmbeddedStartupException when the home directory is not built, the process exits during start-up, or it
     *     does not answer in time; the message says what to do and includes the end of the log
     */
    public static EmbeddedSchemaRegistry start(final Path home, final String host, final int port, final Path logFile) {
        return start(home, host, port, logFile, null, DEFAULT_START_TIMEOUT);
    }

    /**
     * Like {@link #start(Path, String, int, Path)}, keeping what the registry stores in {@code storageDir} (created if
     * missing), so that a later start with the same directory serves the same schemas under the same ids.
     *
     * @param home the built registry: the {@code quarkus-app} directory holding {@code quarkus-run.jar}
     * @param host the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the port to listen on; 0 picks a free one
     * @param logFile where the process's standard output and error go (appended; parent directories are created)
     * @param storageDir the directory of the registry's database; one registry at a time
     * @return the running registry, with BACKWARD global compatibility
     */
    public static EmbeddedSchemaRegistry start(
            final Path home, final String host, final int port, final Path logFile, final Path storageDir) {
        Objects.requireNonNull(storageDir, "storageDir");
        return start(home, host, port, logFile, storageDir, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts the registry and waits up to {@code startTimeout} until it answers; see
     * {@link #start(Path, String, int, Path)}.
     *
     * @param home the built registry: the {@code quarkus-app} directory holding {@code quarkus-run.jar}
     * @param host the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the port to listen on; 0 picks a free one
     * @param logFile where the process's standard output and error go (appended; parent directories are created)
     * @param startTimeout how long to wait for the API to answer
     * @return the running registry, with BACKWARD global compatibility
     */
    public static EmbeddedSchemaRegistry start(
            final Path home, final String host, final int port, final Path logFile, final Duration startTimeout) {
        return start(home, host, port, logFile, null, startTimeout);
    }

    private static EmbeddedSchemaRegistry start(
            final Path home,
            final String host,
            final int port,
            final Path logFile,
            final Path storageDir,
            final Duration startTimeout) {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        final Path jar = home.toAbsolutePath().normalize().resolve(RUN_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new EmbeddedStartupException("the schema registry is not built: "
                    + (Files.isDirectory(home) ? jar : home.toAbsolutePath().normalize()) + " does not exist; "
                    + BUILD_HINT);
        }
        final int actualPort;
        if (port == 0) {
            actualPort = Ports.freePort(host);
        } else {
            Ports.ensureFree(host, port, "the schema registry");
            actualPort = port;
        }
        final String database = storageDir == null ? IN_MEMORY_DATABASE : databaseIn(storageDir);
        final ChildProcess process = ChildProcess.start(
                "schema registry", command(jar, host, actualPort, database), jar.getParent(), logFile);
        final EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(process, host, actualPort);
        final long started = System.nanoTime();
        try {
            process.awaitOk(registry.http, URI.create(registry.ccompatUrl() + "/subjects"), startTimeout);
            registry.ensureBackwardCompatibility();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info(
                "schema registry (pid {}) answers at {} after {} ms; log: {}",
                process.pid(),
                registry.ccompatUrl(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                registry.logFile);
        return registry;
    }

    /**
     * The registry home directory to use when none is given: the system property {@value #HOME_PROPERTY} (failsafe
     * sets it for the integration tests), else the environment variable {@value #HOME_ENV}, else
     * {@code deploy/schema-registry/target/quarkus-app} under the current directory or the nearest of its parents that
     * has one (so it is also found from a module directory), else that path under the current directory.
     *
     * @return the home directory; it may not exist, which {@link #start(Path, String, int, Path)} reports
     */
    public static Path defaultHome() {
        final String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        final String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env.trim());
        }
        final Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve(DEFAULT_RELATIVE_HOME);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return cwd.resolve(DEFAULT_RELATIVE_HOME);
    }

    /**
     * The registry's root URL.
     *
     * @return e.g. {@code http://127.0.0.1:8081}
     */
    public String baseUrl() {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The Confluent-compatible API, the value for a Confluent client's {@code schema.registry.url}.
     *
     * @return {@link #baseUrl()} followed by {@value #CCOMPAT_PATH}
     */
    public String ccompatUrl() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /**
     * The port the registry listens on (the chosen one when started with port 0).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The file the registry process writes its output to.
     *
     * @return the log file
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Whether the registry process is still running.
     *
     * @return true while it runs
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the registry: asks the process to stop, waits up to 10 s, then kills it. Calling it again does nothing.
     * Everything the registry stored is gone afterwards, unless it was started with a storage directory.
     */
    @Override
    public void close() {
        process.close();
    }

    /** The H2 database file of a registry that keeps its schemas in {@code storageDir}, as a JDBC URL. */
    private static String databaseIn(final Path storageDir) {
        final Path dir = storageDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "cannot create the schema registry's storage directory " + dir + ": " + e.getMessage(), e);
        }
        return "jdbc:h2:file:" + dir.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static List<String> command(final Path jar, final String host, final int port, final String database) {
        final List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        // Enough for an in-memory registry holding this project's schemas; C1 only and the serial collector start
        // faster and use less memory on a small machine than the server defaults.
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dquarkus.http.host=" + host);
        command.add("-Dquarkus.http.port=" + port);
        // The build's defaults (but the database, in memory unless a storage directory is given), repeated so that
        // no environment variable (QUARKUS_*, REGISTRY_*) can change them.
        command.add("-Dquarkus.datasource.jdbc.url=" + database);
        command.add("-Dregistry.auth.enabled=false");
        command.add("-Dquarkus.oidc.tenant-enabled=false");
        command.add("-Dregistry.enable.sentry=false");
        command.add("-Dregistry.rules.global.compatibility=" + COMPATIBILITY);
        command.add("-Dregistry.ccompat.legacy-id-mode.enabled=false");
        command.add("-Dregistry.ccompat.use-canonical-hash=false");
        command.add("-jar");
        command.add(jar.toString());
        return List.copyOf(command);
    }

    /** The java launcher of the running JVM, so the registry runs on the same Java version. */
    private static String javaExecutable() {
        final boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        final Path fromHome = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        final Optional<String> current = ProcessHandle.current().info().command();
        return current.filter(c -> Files.isExecutable(Path.of(c))).orElse("java");
    }

    /**
     * Makes BACKWARD the stored global compatibility level. The start-up property already enforces it as the
     * default rule, but the Confluent API's {@code GET /config} only reports a level stored through {@code PUT
     * /config} and answers NONE until then.
     */
    private void ensureBackwardCompatibility() {
        final URI config = URI.create(ccompatUrl() + "/config");
        if (COMPATIBILITY.equals(globalCompatibility(config))) {
            return;
        }
        final HttpResponse<String> put = send(HttpRequest.newBuilder(config)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + COMPATIBILITY + "\"}"))
                .build());
        final String level = globalCompatibility(config);
        if (put.statusCode() != 200 || !COMPATIBILITY.equals(level)) {
            throw new EmbeddedStartupException("the schema registry did not accept " + COMPATIBILITY
                    + " global compatibility: PUT " + config + " answered " + put.statusCode() + " " + put.body()
                    + ", GET reports " + level);
        }
    }

    private String globalCompatibility(final URI config) {
        final HttpResponse<String> response = send(HttpRequest.newBuilder(config)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", CONTENT_TYPE)
                .GET()
                .build());
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode();
        }
        final Matcher matcher = COMPATIBILITY_LEVEL.matcher(response.body());
        return matcher.find() ? matcher.group(1) : response.body();
    }

    private HttpResponse<String> send(final HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "the schema registry stopped answering during start-up (" + request.method() + " " + request.uri()
                            + "): " + e.getMessage() + "; last lines of " + logFile + ":" + System.lineSeparator()
                            + process.logTail(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStartupException("interrupted while configuring the schema registry", e);
        }
    }
}
