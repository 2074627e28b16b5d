package dev.incidentmonitor.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollMetricsTest {
    private static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z"); // 1775037600
    private static final URI BASE = URI.create("https://status.claude.com");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PollMetrics metrics = new PollMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Provider anthropic = PollFixtures.statuspageProvider("anthropic", BASE);

    private static PageSnapshot snapshot(List<String> warnings) {
        return new PageSnapshot("anthropic", "tymt9n04zgry", null, List.of(), List.of(), NOW, warnings);
    }

    private static PollOutcome failure(SourceHealth.Kind kind) {
        return new PollOutcome.Failed(new SourceHealth(kind, "HTTP 503 from " + BASE, BASE, 503));
    }

    @Test
    void shouldPrintExactlyTheDocumentedNamesWhenScrapedByPrometheus() {
        metrics.record(anthropic, new PollOutcome.Changed(snapshot(List.of("drift"))), Duration.ofMillis(120));
        metrics.record(anthropic, PollOutcome.unchanged(), Duration.ofMillis(30));
        metrics.record(anthropic, failure(SourceHealth.Kind.HTTP_5XX), Duration.ofMillis(40));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("incident_monitor_polls_total{outcome=\"changed\",provider=\"anthropic\"} 1.0\n")
                .contains("incident_monitor_polls_total{outcome=\"unchanged\",provider=\"anthropic\"} 1.0\n")
                .contains("incident_monitor_polls_total{outcome=\"http_5xx\",provider=\"anthropic\"} 1.0\n")
                .contains("incident_monitor_source_up{provider=\"anthropic\"} 0.0\n")
                .contains("incident_monitor_source_drift{provider=\"anthropic\"} 1.0\n")
                .contains(
                        "incident_monitor_last_successful_poll_timestamp_seconds{provider=\"anthropic\"} 1.7750376E9\n")
                .contains("incident_monitor_poll_duration_seconds_count{platform=\"statuspage\"} 3\n")
                .contains("incident_monitor_poll_duration_seconds_sum{platform=\"statuspage\"} 0.19\n")
                .contains("incident_monitor_poll_duration_seconds_bucket{platform=\"statuspage\",le=\"+Inf\"} 3\n")
                .contains("incident_monitor_poll_duration_seconds_max{platform=\"statuspage\"} 0.12\n");
    }

    @Test
    void shouldShowTheProviderAsDownAndNeverReadBeforeItsFirstPollWhenRegistered() {
        metrics.register(anthropic);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("incident_monitor_source_up{provider=\"anthropic\"} 0.0\n")
                .contains("incident_monitor_source_drift{provider=\"anthropic\"} 0.0\n")
                .contains("incident_monitor_last_successful_poll_timestamp_seconds{provider=\"anthropic\"} 0.0\n");
    }

    @Test
    void shouldReportUpButKeepDriftWhenAnUnchangedPollFollowsADriftingOne() {
        metrics.record(anthropic, new PollOutcome.Changed(snapshot(List.of("drift"))), Duration.ofMillis(5));
        metrics.record(anthropic, failure(SourceHealth.Kind.TIMEOUT), Duration.ofMillis(5));
        assertThat(registry.get(PollMetrics.SOURCE_UP).gauge().value()).isZero();

        metrics.record(anthropic, PollOutcome.unchanged(), Duration.ofMillis(5));

        assertThat(registry.get(PollMetrics.SOURCE_UP).gauge().value()).isEqualTo(1);
        assertThat(registry.get(PollMetrics.SOURCE_DRIFT).gauge().value()).isEqualTo(1);
        metrics.record(anthropic, new PollOutcome.Changed(snapshot(List.of())), Duration.ofMillis(5));
        assertThat(registry.get(PollMetrics.SOURCE_DRIFT).gauge().value()).isZero();
    }

    @Test
    void shouldReportDownWhenAPollProducedAResultButARequestFailed() {
        SourceHealth proxyDown = new SourceHealth(SourceHealth.Kind.HTTP_5XX, "HTTP 503", BASE, 503);

        metrics.record(anthropic, new PollOutcome.Unchanged(List.of(proxyDown)), Duration.ofMillis(5));

        assertThat(registry.get(PollMetrics.SOURCE_UP).gauge().value()).isZero();
        assertThat(registry.get(PollMetrics.LAST_SUCCESS).gauge().value()).isEqualTo(1.7750376E9);
        assertThat(registry.get(PollMetrics.POLLS)
                        .tag("outcome", "unchanged")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldRemoveEveryMeterOfTheProviderWhenItLeavesTheCatalogue() {
        metrics.record(anthropic, failure(SourceHealth.Kind.HTTP_5XX), Duration.ofMillis(5));
        assertThat(registry.scrape()).contains("provider=\"anthropic\"");

        metrics.remove("anthropic");

        assertThat(registry.scrape()).doesNotContain("provider=\"anthropic\"");
        assertThat(registry.find(PollMetrics.POLLS).counters()).isEmpty();
    }
}
