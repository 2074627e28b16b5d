package dev.incidentmonitor.streams;

import dev.incidentmonitor.observability.MetricsServer;
import dev.incidentmonitor.streams.config.StreamsAppConfig;
import dev.incidentmonitor.streams.error.DeadLetterCounter;
import dev.incidentmonitor.streams.metrics.StateMetrics;
import dev.incidentmonitor.streams.topology.IncidentTopology;
import dev.incidentmonitor.streams.topology.OutputTopics;
import dev.incidentmonitor.streams.topology.StreamsTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the streams-app: the topology on a {@link KafkaStreams} client, its metrics endpoint and
 * its health. Start more instances with the same {@code application.id} to scale out; Kafka Streams spreads the
 * partitions and each instance exports the metrics of what it owns.
 *
 * <p>An error nothing else handled shuts the client down ({@code SHUTDOWN_CLIENT}) with one clear log line; the
 * instance then reports itself not live, and {@link #awaitTermination()} returns, so the process exits and an
 * orchestrator restarts it, instead of lingering half alive.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final CloseOptions.GroupMembershipOperation onClose;
    private final KafkaStreamsMetrics streamsMetrics;
    private final MetricsServer metricsServer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    private StreamsApp(
            final KafkaStreams streams,
            final CloseOptions.GroupMembershipOperation onClose,
            final KafkaStreamsMetrics streamsMetrics,
            final MetricsServer metricsServer) {
        this.streams = streams;
        this.onClose = onClose;
        this.streamsMetrics = streamsMetrics;
        this.metricsServer = metricsServer;
    }

    /**
     * Creates the topics that are missing, builds the topology and starts it, with metrics on {@code registry}.
     *
     * @param config the validated configuration
     * @param registry the registry {@code /metrics} serves (common tags already set)
     * @return the running instance
     * @throws IOException when the metrics port cannot be bound
     */
    public static StreamsApp start(final StreamsAppConfig config, final PrometheusMeterRegistry registry)
            throws IOException {
        LOG.info("streams-app configuration: {}", config.masked());
        try (Admin admin = Admin.create(adminConfig(config))) {
            final List<String> created = OutputTopics.ensureExist(admin, config);
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        }
        final StreamsTopics topics = StreamsTopics.from(config);
        final Topology topology = IncidentTopology.build(config, topics);
        LOG.info("topology:\n{}", topology.describe());

        final Properties properties = config.kafkaProperties();
        properties.putAll(new DeadLetterCounter(registry).asConfig());
        final KafkaStreams streams = new KafkaStreams(topology, properties);
        final StreamsApp[] self = new StreamsApp[1];
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error(
                    "streams-app stops: unhandled error in a stream thread ({}); shutting the client down so it can"
                            + " be restarted cleanly",
                    exception.toString(),
                    exception);
            if (self[0] != null) {
                self[0].failure = exception;
            }
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });

        for (final KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("incident_monitor_streams_state", streams, s -> s.state() == state ? 1 : 0)
                    .description("1 for the Kafka Streams client's current state, 0 for the others")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        final KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        final StateMetrics stateMetrics =
                new StateMetrics(registry, StateMetrics.Stores.of(streams, config), Clock.systemUTC(), 5_000);
        final MetricsServer server = MetricsServer.start(
                config.getString(StreamsAppConfig.METRICS_HOST),
                config.getInt(StreamsAppConfig.METRICS_PORT),
                registry,
                () -> isLive(streams.state()),
                () -> streams.state() == KafkaStreams.State.RUNNING,
                stateMetrics::refresh);

        final StreamsApp app = new StreamsApp(streams, membershipOnClose(properties), streamsMetrics, server);
        self[0] = app;
        streams.setStateListener((next, previous) -> {
            LOG.info("streams-app state {} -> {}", previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                app.stopped.countDown();
            }
        });
        streams.start();
        return app;
    }

    private static Map<String, Object> adminConfig(final StreamsAppConfig config) {
        final Map<String, Object> admin = new HashMap<>();
        config.kafka().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-topics");
        return admin;
    }

    /** Liveness: anything but a client that stopped or failed. */
    static boolean isLive(final KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR;
    }

    /** The Kafka Streams client's state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The port {@code /metrics} is served on. */
    public int metricsPort() {
        return metricsServer.port();
    }

    /** The error that shut the client down, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * What {@link #close()} does with the group membership: stay for a static member (a {@code group.instance.id}
     * among the main consumer's settings, however prefixed), leave otherwise.
     */
    static CloseOptions.GroupMembershipOperation membershipOnClose(final Properties properties) {
        for (final String key : List.of(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))) {
            final Object value = properties.get(key);
            if (value != null && !value.toString().isBlank()) {
                return CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;
            }
        }
        return CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
    }

    /** Waits until the client has stopped (after {@link #close()} or an unhandled error). */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    /** Waits up to {@code timeout} until the client has stopped; true when it has. */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the client (committing what it processed) and takes it out of its consumer group, unless it is a static
     * member, then the endpoint.
     *
     * <p>Kafka Streams stays in the group on close by default, which only pays with static membership: a dynamic
     * member that stays is waited for until its session times out (45 s), so every rebalance in between (the other
     * instances taking over its partitions, or this instance restarting) stalled that long. A static member (one
     * given a {@code group.instance.id}) stays: restarted within its session timeout under the same id, it takes its
     * partitions back without a rebalance, which is what static membership is for.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(onClose));
        streamsMetrics.close();
        metricsServer.close();
        stopped.countDown();
    }
}
