package dev.incidentmonitor.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class the project's schema registry (Apicurio, in-memory storage), shared by every
 * test class of the run.
 *
 * <p>The registry runs as a child process started from the build of {@code deploy/schema-registry}, found
 * through {@link dev.incidentmonitor.embedded.EmbeddedSchemaRegistry#defaultHome()} (the system property
 * {@code incident-monitor.registry.home}, which failsafe sets). When that directory does not exist the test
 * class is skipped with a message saying how to build it, so a partial build does not turn into a failure.
 * Subjects registered by one test are seen by the others: use unique subject names per test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(IncidentMonitorStackExtension.class)
public @interface WithSchemaRegistry {}
