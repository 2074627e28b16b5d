package dev.incidentmonitor.testkit;

import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the services a test class asks for with {@link WithKafka} and {@link WithSchemaRegistry}, once per
 * test run, and injects an {@link IncidentMonitorStack} into test, lifecycle and constructor parameters.
 *
 * <p>The services live in the root {@link ExtensionContext.Store}: the first class that needs one starts it,
 * later classes reuse it, and JUnit closes it after the last test of the run (stored values that are
 * {@link AutoCloseable} are closed, JUnit 5.13 and later). A service that failed to start fails every class
 * that needs it with the same error instead of being retried by each.
 *
 * <p>Both annotations register this one extension, so a class with both gets one resolver for
 * {@link IncidentMonitorStack}.
 *
 * <p>Kafka runs in-process unless {@code INCIDENT_MONITOR_TESTCONTAINERS=true} (environment variable or system
 * property) asks for Testcontainers and a Docker engine answers; without Docker it falls back to in-process.
 */
public final class IncidentMonitorStackExtension implements BeforeAllCallback, ParameterResolver {

    /** The switch for the Testcontainers path; read as a system property first, then from the environment. */
    public static final String TESTCONTAINERS_SWITCH = "INCIDENT_MONITOR_TESTCONTAINERS";

    private static final Logger LOG = LoggerFactory.getLogger(IncidentMonitorStackExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(IncidentMonitorStackExtension.class);

    /** Called by JUnit through {@link WithKafka} and {@link WithSchemaRegistry}. */
    public IncidentMonitorStackExtension() {}

    /** Starts (or reuses) the services the class asks for before any of its tests, so start-up is not timed. */
    @Override
    public void beforeAll(ExtensionContext context) {
        stackFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == IncidentMonitorStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // Also done here: with a per-class test instance the constructor is resolved before beforeAll.
        return stackFor(extensionContext);
    }

    private static IncidentMonitorStack stackFor(ExtensionContext context) {
        String bootstrapServers =
                requested(context, WithKafka.class) ? kafka(context).bootstrapServers() : null;
        String registryUrl =
                requested(context, WithSchemaRegistry.class) ? registry(context).ccompatUrl() : null;
        return new IncidentMonitorStack(bootstrapServers, registryUrl);
    }

    private static boolean requested(ExtensionContext context, Class<? extends java.lang.annotation.Annotation> type) {
        for (Optional<ExtensionContext> current = Optional.of(context);
                current.isPresent();
                current = current.get().getParent()) {
            Optional<Class<?>> testClass = current.get().getTestClass();
            if (testClass.isPresent() && AnnotationSupport.isAnnotated(testClass.get(), type)) {
                return true;
            }
        }
        return false;
    }

    private static KafkaService kafka(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(KafkaService.class, key -> startKafka(), KafkaService.class);
    }

    private static KafkaService startKafka() {
        long started = System.nanoTime();
        KafkaService service;
        if (testcontainersRequested() && DockerCheck.dockerAvailable()) {
            LOG.info("starting the shared Kafka broker in a container ({})", ContainerKafkaService.IMAGE);
            service = new ContainerKafkaService();
        } else {
            if (testcontainersRequested()) {
                LOG.warn("{}=true but no Docker engine answers: using the in-process broker", TESTCONTAINERS_SWITCH);
            }
            service = new EmbeddedKafkaService();
        }
        LOG.info(
                "shared Kafka broker ready at {} in {} ms",
                service.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return service;
    }

    private static SchemaRegistryService registry(ExtensionContext context) {
        Path home = EmbeddedSchemaRegistry.defaultHome();
        if (!Files.isDirectory(home)) {
            String why = "schema registry not built: " + home + " does not exist; " + EmbeddedSchemaRegistry.BUILD_HINT
                    + " (or set -D" + EmbeddedSchemaRegistry.HOME_PROPERTY + ")";
            // In CI a missing registry is a broken build, never a reason to skip the tests that need it.
            if (registryRequired()) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        SchemaRegistryService.class, key -> startRegistry(home), SchemaRegistryService.class);
    }

    /**
     * Whether a missing registry fails the tests instead of skipping them: system property {@value
     * #REQUIRE_REGISTRY_PROPERTY}, by default true when the environment variable {@code CI} is {@code true}.
     */
    /* test */ static boolean registryRequired() {
        return Boolean.parseBoolean(
                System.getProperty(REQUIRE_REGISTRY_PROPERTY, String.valueOf("true".equals(System.getenv("CI")))));
    }

    /** System property that makes a missing schema registry a failure rather than a skip. */
    public static final String REQUIRE_REGISTRY_PROPERTY = "incident-monitor.require-registry";

    private static SchemaRegistryService startRegistry(Path home) {
        long started = System.nanoTime();
        SchemaRegistryService service = new SchemaRegistryService(home);
        LOG.info(
                "shared schema registry ready at {} in {} ms (log: {})",
                service.ccompatUrl(),
                (System.nanoTime() - started) / 1_000_000,
                service.logFile());
        return service;
    }

    private static boolean testcontainersRequested() {
        String value = System.getProperty(TESTCONTAINERS_SWITCH, System.getenv(TESTCONTAINERS_SWITCH));
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
