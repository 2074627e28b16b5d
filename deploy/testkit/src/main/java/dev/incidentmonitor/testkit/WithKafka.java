package dev.incidentmonitor.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real Kafka 4.3.1 broker, shared by every test class of the run.
 *
 * <p>The broker starts once, on first use, and stops when the test run ends, because starting one per class
 * would cost seconds each time. Tests therefore share topics: use unique topic names and consumer group ids
 * per test. Declare a parameter of type {@link IncidentMonitorStack} to get {@code bootstrap.servers}.
 *
 * <p>By default the broker runs in-process ({@link dev.incidentmonitor.embedded.EmbeddedKafka}). With
 * {@code INCIDENT_MONITOR_TESTCONTAINERS=true} (environment variable or system property) and a Docker engine
 * that answers, it runs in the {@code apache/kafka:4.3.1} image through Testcontainers instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(IncidentMonitorStackExtension.class)
public @interface WithKafka {}
