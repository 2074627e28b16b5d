package dev.incidentmonitor.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka KRaft cluster (one process that is both broker and controller) running inside this JVM.
 *
 * <p>Why in-process: the integration tests and the local run need a real broker of the same version as the
 * clients (transactions, consumer groups, compaction behave as in production), and this machine has no Docker
 * engine. One implementation serves both uses:
 *
 * <ul>
 *   <li>tests: {@link #startTemporary()} uses a fresh temporary data directory and free ports, and deletes the
 *       directory on {@link #close()};
 *   <li>the local run: {@link Builder#dataDir(Path)} with a fixed directory and {@link Builder#port(int)} with a
 *       fixed port; the storage is formatted only when it has no {@code meta.properties} yet, so a restart keeps
 *       topics, committed offsets and data, and the cluster id stays the one Kafka wrote into
 *       {@code meta.properties}.
 * </ul>
 *
 * <p>It starts {@link KafkaRaftServer} with a {@link KafkaConfig}, as {@code kafka-server-start.sh} does, after
 * formatting with the same {@link Formatter} that {@code kafka-storage.sh format} uses. Kafka's own
 * {@code KafkaClusterTestKit} was not used: it always formats fresh temporary directories, so it cannot keep
 * data across restarts, and it brings JUnit and mock fault handlers into the runtime.
 *
 * <p>The data directory is locked ({@code embedded-kafka.lock}) before Kafka touches it, so a second broker on
 * the same directory fails with a clear message instead of damaging the running one (see {@link DataDirLock}).
 *
 * <p>The controller listener uses a static quorum ({@code controller.quorum.voters}), so its address is not
 * stored in the metadata log and may be a different free port on every start; only the client port is fixed.
 *
 * <p>The settings suit one node: replication factor 1 and min ISR 1 for every internal topic (so transactions
 * and exactly_once_v2 Kafka Streams work), no initial rebalance delay, no automatic topic creation, and small
 * segment and retention-check settings so tests see compaction and retention quickly.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The address every listener binds to: the local run and the tests are for this machine only. */
    public static final String HOST = "127.0.0.1";

    /** The Kafka client port of the local run. */
    public static final int DEFAULT_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final String clusterId;
    private final boolean formatted;
    private final Duration startupDuration;
    private final Admin admin;
    private final DataDirLock lock;
    private boolean closed;

    private EmbeddedKafka(
            KafkaRaftServer server,
            Path dataDir,
            boolean deleteOnClose,
            int port,
            String clusterId,
            boolean formatted,
            Duration startupDuration,
            Admin admin,
            DataDirLock lock) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.clusterId = clusterId;
        this.formatted = formatted;
        this.startupDuration = startupDuration;
        this.admin = admin;
        this.lock = lock;
    }

    /**
     * Starts a broker for tests: a new temporary data directory (deleted on {@link #close()}) and free ports.
     *
     * @return the running broker
     * @throws EmbeddedStartupException when the broker cannot start
     */
    public static EmbeddedKafka startTemporary() {
        return builder().start();
    }

    /**
     * Returns a builder; without any setting it behaves as {@link #startTemporary()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value for the clients' {@code bootstrap.servers}.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * The port clients connect to; the chosen free port when the builder was given 0.
     *
     * @return the client port
     */
    public int port() {
        return port;
    }

    /**
     * The directory that holds the logs, the metadata log and {@code meta.properties}.
     *
     * @return the data directory
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * The cluster id, as Kafka keeps it in {@code meta.properties}; it stays the same across restarts on the same
     * data directory.
     *
     * @return the cluster id
     */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Whether this start formatted the storage, i.e. the data directory was new.
     *
     * @return true on the first start on a data directory, false on a restart
     */
    public boolean formattedStorage() {
        return formatted;
    }

    /**
     * How long the start took, from the first check to a broker that answers a client.
     *
     * @return the start-up time
     */
    public Duration startupDuration() {
        return startupDuration;
    }

    /**
     * Creates a topic with replication factor 1, or does nothing when it exists already.
     *
     * <p>Idempotent because tests that share one broker and a local run that restarts both ask for topics that
     * may be there; the existing topic is kept as it is (its partition count and configs are not changed).
     *
     * @param name the topic name
     * @param partitions the number of partitions, at least 1
     * @param configs topic configs such as {@code cleanup.policy=compact}; may be empty
     * @return true when the topic was created, false when it existed
     */
    public boolean createTopic(String name, int partitions, Map<String, String> configs) {
        return Topics.create(admin, name, partitions, configs);
    }

    /**
     * Stops the broker and waits until it has released its ports and data directory; deletes the data directory
     * when it was temporary. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            admin.close(Duration.ofSeconds(5));
            server.shutdown();
            server.awaitShutdown();
        } finally {
            lock.close();
        }
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
        LOG.info("Kafka on {} stopped in {} ms", bootstrapServers(), millisSince(started));
    }

    private static EmbeddedKafka start(Builder builder) {
        long started = System.nanoTime();
        boolean temporary = builder.dataDir == null;
        Path dataDir =
                temporary ? createTempDir() : builder.dataDir.toAbsolutePath().normalize();
        try {
            return start(builder, dataDir, temporary, started);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
    }

    private static EmbeddedKafka start(Builder builder, Path dataDir, boolean temporary, long started) {
        int port = builder.port == 0 ? Ports.freePort(HOST) : builder.port;
        Ports.ensureFree(HOST, port, "the Kafka listener");
        int controllerPort = builder.controllerPort == 0 ? Ports.freePort(HOST) : builder.controllerPort;
        Ports.ensureFree(HOST, controllerPort, "the Kafka controller listener");
        ensureWritable(dataDir);
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            return start(builder, dataDir, temporary, started, port, controllerPort, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedKafka start(
            Builder builder,
            Path dataDir,
            boolean temporary,
            long started,
            int port,
            int controllerPort,
            DataDirLock lock) {
        KafkaConfig config = new KafkaConfig(brokerProperties(builder, dataDir, port, controllerPort), false);
        boolean formatted = formatIfNeeded(config, dataDir);
        String clusterId = readClusterId(dataDir);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw translate(e, port, controllerPort, dataDir);
        }
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                HOST + ":" + port,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "embedded-kafka-admin"));
        try {
            awaitReady(admin, port);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            shutdownQuietly(server);
            throw e;
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        LOG.info(
                "Kafka {} started on {}:{} in {} ms ({} storage in {}, cluster id {})",
                AppInfoParser.getVersion(),
                HOST,
                port,
                startup.toMillis(),
                formatted ? "new" : "existing",
                dataDir,
                clusterId);
        return new EmbeddedKafka(server, dataDir, temporary, port, clusterId, formatted, startup, admin, lock);
    }

    private static Properties brokerProperties(Builder builder, Path dataDir, int port, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put(
                "listeners",
                CLIENT_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        settings.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
        settings.put(
                "listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put("log.dirs", dataDir.toString());

        // One node: every internal topic has one replica, so transactions and EOS v2 can work.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("num.partitions", "1");
        settings.put("auto.create.topics.enable", "false");
        settings.put("group.initial.rebalance.delay.ms", "0");

        // Small and quick, so tests see retention and compaction and a laptop is not burdened.
        settings.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
        settings.put("log.retention.check.interval.ms", "10000");
        settings.put("log.cleaner.backoff.ms", "1000");
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        settings.put("log.initial.task.delay.ms", "1000");
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        settings.put("background.threads", "4");

        settings.putAll(builder.overrides);
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    private static boolean formatIfNeeded(KafkaConfig config, Path dataDir) {
        if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .addDirectory(dataDir.toString())
                    .run();
        } catch (Exception e) {
            throw new EmbeddedStartupException(
                    "cannot format the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        LOG.debug(
                "formatted {}: {}",
                dataDir,
                output.toString(StandardCharsets.UTF_8).trim());
        return true;
    }

    private static String readClusterId(Path dataDir) {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve(META_PROPERTIES))) {
            meta.load(in);
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "cannot read " + dataDir.resolve(META_PROPERTIES) + ": " + e.getMessage(), e);
        }
        return Optional.ofNullable(meta.getProperty("cluster.id"))
                .orElseThrow(() -> new EmbeddedStartupException(
                        dataDir.resolve(META_PROPERTIES) + " has no cluster.id; is it a Kafka data directory?"));
    }

    private static void awaitReady(Admin admin, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = new IllegalStateException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedStartupException("interrupted while waiting for Kafka to start", e);
            }
        }
        throw new EmbeddedStartupException(
                "Kafka on " + HOST + ":" + port + " did not answer within " + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private static EmbeddedStartupException translate(RuntimeException e, int port, int controllerPort, Path dataDir) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof BindException || message.contains("failed to bind")) {
                int taken = message.contains(":" + controllerPort) ? controllerPort : port;
                return new PortInUseException(HOST, taken, "Kafka", e);
            }
            if (message.contains("Failed to acquire lock")) {
                return new EmbeddedStartupException(
                        "the Kafka data directory " + dataDir + " is in use by another Kafka process"
                                + " (is another local run still up?)",
                        e);
            }
        }
        return new EmbeddedStartupException("Kafka did not start: " + e.getMessage(), e);
    }

    private static void ensureWritable(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.delete(Files.createTempFile(dataDir, ".write-check", ".tmp"));
        } catch (FileSystemException e) {
            throw new EmbeddedStartupException(
                    "the Kafka data directory " + dataDir + " is not writable (" + describe(e)
                            + "); choose another directory",
                    e);
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "the Kafka data directory " + dataDir + " is not writable: " + e.getMessage(), e);
        }
    }

    private static String describe(FileSystemException e) {
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        return e.getFile() == null ? reason : e.getFile() + ": " + reason;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new EmbeddedStartupException("cannot create a temporary Kafka data directory: " + e.getMessage(), e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("error while stopping Kafka after a failed start", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the temporary Kafka data directory {}: {}", dir, e.getMessage());
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * Settings for a broker; every setting is optional.
     *
     * <p>A builder rather than constructor arguments because the tests and the local run each set a different
     * handful of options.
     */
    public static final class Builder {

        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Keeps the data in {@code dataDir} across restarts (created if missing, formatted only if new). Without
         * it a temporary directory is used and deleted on close.
         *
         * @param dataDir the Kafka data directory
         * @return this builder
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * The client port on {@value EmbeddedKafka#HOST}; 0 (the default) picks a free port.
         *
         * @param port the port, 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /**
         * The controller (KRaft quorum) port on {@value EmbeddedKafka#HOST}; 0 (the default) picks a free port on every start,
         * which is fine because nothing outside this JVM connects to it.
         *
         * @param controllerPort the port, 0 to 65535
         * @return this builder
         */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /**
         * Overrides or adds one broker setting, e.g. {@code log.retention.ms}; applied after the defaults.
         *
         * @param name the broker config name
         * @param value its value
         * @return this builder
         */
        public Builder brokerProperty(String name, String value) {
            overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Formats the storage if needed, starts the broker and waits until it answers a client.
         *
         * @return the running broker
         * @throws EmbeddedStartupException when a port is taken, the data directory is not writable or Kafka
         *     fails to start
         */
        public EmbeddedKafka start() {
            return EmbeddedKafka.start(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            return port;
        }
    }
}
