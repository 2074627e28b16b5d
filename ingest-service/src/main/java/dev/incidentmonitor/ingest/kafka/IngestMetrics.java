package dev.incidentmonitor.ingest.kafka;

import dev.incidentmonitor.ingest.events.ChangeSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Publish figures of an ingest instance. Counters are bumped only after a transaction committed, so an aborted
 * publish is never counted.
 */
final class IngestMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Counter incidentUpdates;
    private final Counter componentChanges;
    private final Timer pollToPublish;
    private final List<Meter> meters = new ArrayList<>();

    IngestMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.incidentUpdates = register(Counter.builder("incident_monitor_events_published")
                .description("Events published by the ingest-service, by type")
                .tag("type", "incident_update")
                .register(registry));
        this.componentChanges = register(Counter.builder("incident_monitor_events_published")
                .description("Events published by the ingest-service, by type")
                .tag("type", "component_status_change")
                .register(registry));
        this.pollToPublish = register(Timer.builder("incident_monitor_poll_to_publish")
                .description("Time from a poll's snapshot being handed over to its events being committed "
                        + "(or found unchanged), excluding the HTTP fetch")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    void ownedPartitions(final Supplier<Number> owned) {
        register(Gauge.builder("incident_monitor_ingest_owned_partitions", owned)
                .description("Progress partitions (and so providers) this ingest instance owns and has restored")
                .register(registry));
    }

    void recordPublished(final ChangeSet change) {
        incidentUpdates.increment(change.incidentUpdates().size());
        componentChanges.increment(change.componentChanges().size());
    }

    void recordPollToPublish(final long submittedNanos) {
        pollToPublish.record(Duration.ofNanos(System.nanoTime() - submittedNanos));
    }

    private <M extends Meter> M register(final M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
