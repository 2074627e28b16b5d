package dev.incidentmonitor.local;

import dev.incidentmonitor.embedded.EmbeddedKafka;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.EmbeddedStartupException;
import dev.incidentmonitor.embedded.Ports;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka and the schema registry of the local run, started together and stopped in reverse order.
 *
 * <p>Separate from the {@code up} command so the start, the checks and the stop can be tested without a
 * console and a Ctrl-C. Everything a person can get wrong is checked before anything starts, so a failure
 * leaves nothing running.
 *
 * <p>Layout of the data directory: {@code kafka/} holds the broker's data and {@code schema-registry/} the registry's
 * schemas (both kept across runs: the records carry schema ids, which must mean the same schemas after a restart),
 * {@code logs/schema-registry.log} the registry's output.
 */
final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Path dataDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final Path registryLog;
    private final Duration registryStartup;
    private boolean closed;

    private LocalStack(
            Path dataDir,
            EmbeddedKafka kafka,
            EmbeddedSchemaRegistry registry,
            Path registryLog,
            Duration registryStartup) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        this.registry = registry;
        this.registryLog = registryLog;
        this.registryStartup = registryStartup;
    }

    /**
     * Checks the options, then starts Kafka and then the registry.
     *
     * @throws EmbeddedStartupException with a message for a person when a check fails or a service does not
     *     start; whatever was started is stopped again
     */
    static LocalStack start(Path dataDir, int kafkaPort, int registryPort, Path registryHome) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path home = registryHome.toAbsolutePath().normalize();
        if (kafkaPort == registryPort) {
            throw new EmbeddedStartupException(
                    "--kafka-port and --registry-port are both " + kafkaPort + "; choose two different ports");
        }
        if (!Files.isDirectory(home)) {
            throw new EmbeddedStartupException("the schema registry is not built: " + home + " does not exist; "
                    + EmbeddedSchemaRegistry.BUILD_HINT + " (or pass --registry-home)");
        }
        Ports.ensureFree(EmbeddedKafka.HOST, kafkaPort, "Kafka, --kafka-port");
        Ports.ensureFree(EmbeddedKafka.HOST, registryPort, "the schema registry, --registry-port");
        Path registryLog = data.resolve("logs").resolve("schema-registry.log");
        ensureWritable(data);
        ensureWritable(registryLog.getParent());

        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .dataDir(data.resolve("kafka"))
                .port(kafkaPort)
                .start();
        try {
            long started = System.nanoTime();
            Path registryStorage = data.resolve("schema-registry");
            if (!kafka.formattedStorage() && !Files.isDirectory(registryStorage)) {
                LOG.warn(
                        "{} holds Kafka data of an earlier version that kept the registry in memory: its records name"
                                + " schema ids this registry does not know. Delete the directory to start afresh if"
                                + " the streams-app cannot read them.",
                        data);
            }
            EmbeddedSchemaRegistry registry =
                    EmbeddedSchemaRegistry.start(home, EmbeddedKafka.HOST, registryPort, registryLog, registryStorage);
            Duration registryStartup = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("schema registry started at {} in {} ms", registry.ccompatUrl(), registryStartup.toMillis());
            return new LocalStack(data, kafka, registry, registryLog, registryStartup);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** The data directory given to {@code up}. */
    Path dataDir() {
        return dataDir;
    }

    /** The running broker. */
    EmbeddedKafka kafka() {
        return kafka;
    }

    /** The Confluent-compatible URL of the registry, for {@code schema.registry.url}. */
    String schemaRegistryUrl() {
        return registry.ccompatUrl();
    }

    /** Where the registry process writes its output. */
    Path registryLog() {
        return registryLog;
    }

    /** How long the registry took to answer. */
    Duration registryStartup() {
        return registryStartup;
    }

    /**
     * Stops only the registry, for when Kafka has already failed and the JVM is about to halt: the registry is a
     * separate process and would otherwise keep running without its parent.
     */
    void stopRegistry() {
        registry.close();
    }

    /** Stops the registry, then Kafka; safe to call from a shutdown hook and again afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }

    private static void ensureWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            throw new EmbeddedStartupException(
                    "the data directory " + dir + " is not writable (" + (e.getFile() == null ? "" : e.getFile() + ": ")
                            + reason + "); choose another one with --data-dir",
                    e);
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "the data directory " + dir + " is not writable: " + e.getMessage() + "; choose another one with"
                            + " --data-dir",
                    e);
        }
    }
}
