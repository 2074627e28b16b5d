package dev.incidentmonitor.ingest.poll;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.catalog.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The poller's Prometheus metrics. Names are explicit and carry the {@code incident_monitor} prefix, so the
 * scrape shows exactly:
 *
 * <ul>
 *   <li>{@code incident_monitor_polls_total{provider,outcome}}: polls by outcome ({@code changed},
 *       {@code unchanged}, or the failure kind: {@code http_4xx}, {@code http_5xx}, {@code rate_limited},
 *       {@code timeout}, {@code connect_failed}, {@code io_error}, {@code too_large}, {@code not_json},
 *       {@code invalid_json}, {@code format}, {@code redirect_refused}, {@code unexpected_status},
 *       {@code internal_error});
 *   <li>{@code incident_monitor_poll_duration_seconds{platform}}: a histogram (buckets, {@code _count},
 *       {@code _sum}, and {@code _max}) of how long polls take. Tagged by platform, not by provider: with
 *       thousands of pages, a per-provider histogram of ~40 buckets is six figures of series for a number
 *       nobody reads per page; a slow page shows up as {@code timeout} in the outcome counter instead;
 *   <li>{@code incident_monitor_last_successful_poll_timestamp_seconds{provider}}: Unix time of the last poll
 *       that produced a result ({@code changed} or {@code unchanged}); 0 until the first one, so
 *       {@code time() - x > 600} also flags a page never read;
 *   <li>{@code incident_monitor_source_up{provider}}: 1 only when every request of the last poll succeeded;
 *   <li>{@code incident_monitor_source_drift{provider}}: 1 when the last parsed poll had warnings (schema drift,
 *       shim fallback).
 * </ul>
 *
 * <p>Gauges read per-provider state objects held here (strong references, not Micrometer's default weak ones,
 * which would turn a gauge into NaN after a garbage collection); {@link #remove} drops a provider's meters and
 * state together.
 */
public final class PollMetrics {
    /** Prometheus {@code incident_monitor_polls_total}. */
    public static final String POLLS = "incident_monitor.polls";
    /** Prometheus {@code incident_monitor_poll_duration_seconds}. */
    public static final String POLL_DURATION = "incident_monitor.poll.duration";
    /** Prometheus {@code incident_monitor_last_successful_poll_timestamp_seconds}. */
    public static final String LAST_SUCCESS = "incident_monitor.last.successful.poll.timestamp.seconds";
    /** Prometheus {@code incident_monitor_source_up}. */
    public static final String SOURCE_UP = "incident_monitor.source.up";
    /** Prometheus {@code incident_monitor_source_drift}. */
    public static final String SOURCE_DRIFT = "incident_monitor.source.drift";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Platform, Timer> durations = new EnumMap<>(Platform.class);
    private final ConcurrentMap<String, ProviderMeters> providers = new ConcurrentHashMap<>();

    public PollMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    /** As the public constructor, with the clock that stamps successful polls. */
    PollMetrics(MeterRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Platform platform : Platform.values()) {
            durations.put(
                    platform,
                    Timer.builder(POLL_DURATION)
                            .description("Time to poll one status page: fetching its endpoints and parsing them")
                            .tag("platform", platform.configName())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(5))
                            .maximumExpectedValue(Duration.ofMinutes(1))
                            .register(registry));
        }
    }

    /**
     * Registers the provider's gauges (up 0, drift 0, last success 0) so it is visible before its first poll
     * completes; {@link PollScheduler} calls it when it starts polling the provider.
     */
    public void register(Provider provider) {
        meters(provider.id());
    }

    /** Records one poll. */
    public void record(Provider provider, PollOutcome outcome, Duration duration) {
        ProviderMeters meters = meters(provider.id());
        meters.counter(outcome.label()).increment();
        durations.get(provider.platform()).record(duration);
        meters.up = outcome.up() ? 1 : 0;
        if (outcome.succeeded()) {
            meters.lastSuccessSeconds = clock.millis() / 1000.0;
        }
        if (outcome instanceof PollOutcome.Changed changed) {
            meters.drift = changed.snapshot().warnings().isEmpty() ? 0 : 1;
        }
    }

    /** Removes a provider's meters (it left the catalogue); its next {@link #record} registers them afresh. */
    public void remove(String providerId) {
        ProviderMeters meters = providers.remove(providerId);
        if (meters != null) {
            meters.all().forEach(registry::remove);
        }
    }

    private ProviderMeters meters(String providerId) {
        return providers.computeIfAbsent(providerId, id -> new ProviderMeters(registry, id));
    }

    /** One provider's gauge values and counters. */
    private static final class ProviderMeters {
        private final MeterRegistry registry;
        private final String providerId;
        private final List<Meter> gauges = new ArrayList<>();
        private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
        volatile double up;
        volatile double drift;
        volatile double lastSuccessSeconds;

        ProviderMeters(MeterRegistry registry, String providerId) {
            this.registry = registry;
            this.providerId = providerId;
            gauges.add(Gauge.builder(SOURCE_UP, this, m -> m.up)
                    .description("1 when every request of the provider's last poll succeeded, else 0")
                    .tag("provider", providerId)
                    .strongReference(true)
                    .register(registry));
            gauges.add(Gauge.builder(SOURCE_DRIFT, this, m -> m.drift)
                    .description("1 when the provider's last parsed poll had warnings (schema drift, shim fallback)")
                    .tag("provider", providerId)
                    .strongReference(true)
                    .register(registry));
            gauges.add(Gauge.builder(LAST_SUCCESS, this, m -> m.lastSuccessSeconds)
                    .description("Unix time of the provider's last poll that produced a result, 0 if none yet")
                    .tag("provider", providerId)
                    .strongReference(true)
                    .register(registry));
        }

        Counter counter(String outcome) {
            return counters.computeIfAbsent(outcome, o -> Counter.builder(POLLS)
                    .description("Polls of a provider's status page, by outcome")
                    .tag("provider", providerId)
                    .tag("outcome", o)
                    .register(registry));
        }

        List<Meter> all() {
            List<Meter> all = new ArrayList<>(gauges);
            all.addAll(counters.values());
            return all;
        }
    }
}
