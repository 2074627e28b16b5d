package dev.incidentmonitor.ingest.app;

import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import dev.incidentmonitor.ingest.events.ChangeDetector;
import dev.incidentmonitor.ingest.events.DayConvention;
import dev.incidentmonitor.ingest.kafka.IngestLoop;
import dev.incidentmonitor.ingest.kafka.IngestTopics;
import dev.incidentmonitor.ingest.poll.FetchSettings;
import dev.incidentmonitor.ingest.poll.PageFetcher;
import dev.incidentmonitor.ingest.poll.PagePoller;
import dev.incidentmonitor.ingest.poll.PollMetrics;
import dev.incidentmonitor.ingest.poll.PollOutcome;
import dev.incidentmonitor.ingest.poll.PollScheduler;
import dev.incidentmonitor.ingest.poll.PollSettings;
import dev.incidentmonitor.ingest.poll.SchedulerSettings;
import dev.incidentmonitor.schema.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running ingest-service instance: polls the catalogue's pages, and publishes what is new through the
 * {@link IngestLoop}. Several instances with the same group id share the pages between them.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final IngestLoop loop;
    private final PageFetcher fetcher;
    private final PollScheduler scheduler;

    /**
     * Everything an instance needs.
     *
     * @param catalog the pages to poll
     * @param kafkaConfig client settings: {@code bootstrap.servers}, security, {@code schema.registry.url}
     * @param topics topic names (created when missing)
     * @param groupId the consumer group the instances share
     * @param instanceId this instance's stable, unique id (names its transactional id)
     * @param source {@code POLL} for real pages, {@code SIMULATOR} for the simulator's
     */
    public record Settings(
            ProviderCatalog catalog,
            Map<String, Object> kafkaConfig,
            IngestTopics topics,
            String groupId,
            String instanceId,
            EventSource source) {
        public Settings {
            Objects.requireNonNull(catalog, "catalog");
            kafkaConfig = Map.copyOf(kafkaConfig);
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(source, "source");
        }
    }

    private IngestService(final IngestLoop loop, final PageFetcher fetcher, final PollScheduler scheduler) {
        this.loop = loop;
        this.fetcher = fetcher;
        this.scheduler = scheduler;
    }

    /**
     * Creates the topics if needed, restores progress and starts polling.
     *
     * @param settings what to poll and where to publish
     * @param registry where the metrics go
     * @return the running instance
     */
    public static IngestService start(final Settings settings, final MeterRegistry registry) {
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            final var created = settings.topics().ensureExist(admin);
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        }
        final IngestLoop loop = new IngestLoop(
                settings.kafkaConfig(),
                settings.topics(),
                settings.groupId(),
                settings.instanceId(),
                new ChangeDetector((provider, pageZone) -> settings.catalog()
                        .provider(provider)
                        .map(p -> new DayConvention(p.effectiveTimeZone(pageZone), p.partialOutageWeight()))
                        .orElse(null)),
                registry);
        final PageFetcher fetcher = PageFetcher.forCatalog(FetchSettings.defaults(), settings.catalog());
        final PagePoller poller = new PagePoller(fetcher, PollSettings.defaults());
        final PollScheduler scheduler = PollScheduler.forCatalog(
                settings.catalog(),
                poller,
                (provider, outcome, took) -> onOutcome(loop, poller, settings.source(), provider, outcome),
                new PollMetrics(registry),
                SchedulerSettings.defaults().withShouldPoll(id -> loop.owns(id)));
        loop.start();
        scheduler.start();
        LOG.info(
                "ingest instance {} polling {} page(s), publishing to {} and {}",
                settings.instanceId(),
                scheduler.providers().size(),
                settings.topics().incidentUpdates(),
                settings.topics().componentStatusChanges());
        return new IngestService(loop, fetcher, scheduler);
    }

    private static void onOutcome(
            final IngestLoop loop,
            final PagePoller poller,
            final EventSource source,
            final Provider provider,
            final PollOutcome outcome) {
        if (outcome instanceof PollOutcome.Changed changed) {
            loop.submit(
                    provider.id(),
                    SnapshotFilter.apply(provider.components(), changed.snapshot()),
                    source,
                    () -> poller.forget(provider.id()));
        }
    }

    /** Whether this instance has restored its progress and publishes (readiness). */
    public boolean isReady() {
        return loop.isRestored();
    }

    /** Stops polling, then publishing. */
    @Override
    public void close() {
        scheduler.close();
        loop.close();
        fetcher.close();
    }
}
