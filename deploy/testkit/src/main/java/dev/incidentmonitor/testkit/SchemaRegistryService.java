package dev.incidentmonitor.testkit;

import dev.incidentmonitor.embedded.EmbeddedKafka;
import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import dev.incidentmonitor.embedded.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared schema registry: a child process on a free port, stopped when the test run ends. */
final class SchemaRegistryService implements AutoCloseable {

    private final EmbeddedSchemaRegistry registry;
    private final Path logFile;

    SchemaRegistryService(Path home) {
        int port = Ports.freePort(EmbeddedKafka.HOST);
        this.logFile = logFile(port);
        this.registry = EmbeddedSchemaRegistry.start(home, EmbeddedKafka.HOST, port, logFile);
    }

    /** The Confluent-compatible API URL. */
    String ccompatUrl() {
        return registry.ccompatUrl();
    }

    /** Where the registry process writes its output, for a failing test to look at. */
    Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        registry.close();
    }

    /**
     * The module's {@code target/} when the tests run from Maven (the working directory is the module), so the
     * log survives the run next to the failsafe reports; a temporary file otherwise.
     */
    private static Path logFile(int port) {
        Path target = Path.of("target");
        try {
            if (Files.isDirectory(target)) {
                return target.resolve("schema-registry-" + port + ".log").toAbsolutePath();
            }
            return Files.createTempFile("schema-registry-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the schema registry log file", e);
        }
    }
}
