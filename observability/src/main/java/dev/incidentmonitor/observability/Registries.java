package dev.incidentmonitor.observability;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The Prometheus registry of an instance, with the common tags every meter carries. */
public final class Registries {

    private Registries() {}

    /**
     * @param application the application tag, e.g. {@code ingest-service}
     * @param instance the instance tag, unique per running instance
     * @return a registry with JVM and process metrics bound
     */
    @SuppressWarnings("resource") // the binders live as long as the registry
    public static PrometheusMeterRegistry prometheus(final String application, final String instance) {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", application, "instance", instance);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }
}
