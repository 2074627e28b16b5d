package dev.incidentmonitor.ingest.poll;

import static dev.incidentmonitor.ingest.poll.PollFixtures.INCIDENTS;
import static dev.incidentmonitor.ingest.poll.PollFixtures.MAINTENANCES;
import static dev.incidentmonitor.ingest.poll.PollFixtures.SUMMARY;
import static dev.incidentmonitor.ingest.poll.PollFixtures.fastFetch;
import static dev.incidentmonitor.ingest.poll.PollFixtures.incidentIo;
import static dev.incidentmonitor.ingest.poll.PollFixtures.incidentIoProvider;
import static dev.incidentmonitor.ingest.poll.PollFixtures.statuspage;
import static dev.incidentmonitor.ingest.poll.PollFixtures.statuspageProvider;
import static dev.incidentmonitor.ingest.poll.StubServer.bigJson;
import static dev.incidentmonitor.ingest.poll.StubServer.json;
import static dev.incidentmonitor.ingest.poll.StubServer.redirect;
import static dev.incidentmonitor.ingest.poll.StubServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.incidentmonitor.ingest.catalog.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PollSchedulerTest {
    /** The interval every provider gets here: {@link Provider} refuses under 5 s, too slow for a test. */
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private static final Duration CAP = Duration.ofMillis(400);

    private final StubServer server = StubServer.start();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PollMetrics metrics = new PollMetrics(registry);
    private final Map<String, List<PollOutcome>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, List<Duration>> delays = new ConcurrentHashMap<>();
    private final AtomicReference<PollScheduler> current = new AtomicReference<>();
    private final AtomicBoolean owned = new AtomicBoolean(true);
    private final Provider good = statuspageProvider("good", URI.create(server.baseUrl() + "/good"));

    @AfterEach
    void tearDown() throws Exception {
        PollScheduler scheduler = current.get();
        if (scheduler != null) {
            scheduler.close();
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        server.close();
    }

    /** Records each outcome, with the delay the scheduler chose after it (set before the listener runs). */
    private final PollListener recorder = (provider, outcome, took) -> {
        outcomes.computeIfAbsent(provider.id(), id -> new CopyOnWriteArrayList<>())
                .add(outcome);
        delays.computeIfAbsent(provider.id(), id -> new CopyOnWriteArrayList<>())
                .add(current.get().nextDelay(provider.id()));
    };

    private PollScheduler scheduler(List<Provider> providers, PollListener listener, FetchSettings fetch) {
        List<URI> origins = providers.stream().map(Provider::baseUrl).toList();
        PageFetcher fetcher = new PageFetcher(fetch, origins);
        resources.add(fetcher);
        PagePoller poller = new PagePoller(fetcher, new PollSettings(10, 10, 0, 10));
        SchedulerSettings settings = new SchedulerSettings(
                new Backoff(0.1, CAP, Duration.ofSeconds(5)),
                true,
                1,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                id -> owned.get());
        PollScheduler scheduler =
                new PollScheduler(providers, poller, listener, metrics, settings, p -> INTERVAL, () -> 0.5);
        current.set(scheduler);
        return scheduler;
    }

    private PollScheduler scheduler(List<Provider> providers) {
        return scheduler(providers, recorder, fastFetch());
    }

    private void serveGoodPage() {
        server.on("/good" + SUMMARY, json(statuspage("summary-investigating.json")))
                .on("/good" + INCIDENTS, json(statuspage("incidents-older.json")))
                .on("/good" + MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));
    }

    private double count(String provider, String outcome) {
        var counter = registry.find(PollMetrics.POLLS)
                .tags("provider", provider, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name, String provider) {
        return registry.get(name).tags("provider", provider).gauge().value();
    }

    private List<PollOutcome> outcomes(String provider) {
        return outcomes.getOrDefault(provider, List.of());
    }

    /** One way of a page failing: where the bad page lives and what it answers. */
    @FunctionalInterface
    interface BadPage {
        URI setUp(PollSchedulerTest test) throws Exception;
    }

    static Stream<Arguments> failingPages() {
        return Stream.of(
                Arguments.of("401 page inactive", SourceHealth.Kind.HTTP_4XX, (BadPage)
                        t -> t.badOnServer(status(401, "text/plain", "page inactive"))),
                Arguments.of("500", SourceHealth.Kind.HTTP_5XX, (BadPage)
                        t -> t.badOnServer(status(500, "text/plain", "oops"))),
                Arguments.of("429 with Retry-After", SourceHealth.Kind.RATE_LIMITED, (BadPage)
                        t -> t.badOnServer(status(429, "text/plain", "slow down", "Retry-After", "1"))),
                Arguments.of(
                        "server never answers", SourceHealth.Kind.TIMEOUT, (BadPage) PollSchedulerTest::silentPort),
                Arguments.of("connection refused", SourceHealth.Kind.CONNECT_FAILED, (BadPage) t -> closedPort()),
                Arguments.of("body over the cap", SourceHealth.Kind.TOO_LARGE, (BadPage)
                        t -> t.badOnServer(bigJson(64 * 1024 + 1, true))),
                Arguments.of("HTML instead of JSON", SourceHealth.Kind.NOT_JSON, (BadPage)
                        t -> t.badOnServer(status(200, "text/html", "<html>maintenance</html>"))),
                Arguments.of("invalid JSON", SourceHealth.Kind.INVALID_JSON, (BadPage)
                        t -> t.badOnServer(json("{\"page\": "))),
                Arguments.of("incident without id", SourceHealth.Kind.FORMAT, (BadPage)
                        t -> t.badOnServer(json("{\"incidents\":[{\"name\":\"x\"}]}"))),
                Arguments.of("redirect to another host", SourceHealth.Kind.REDIRECT_REFUSED, (BadPage)
                        PollSchedulerTest::redirectElsewhere));
    }

    private URI badOnServer(StubServer.Responder summary) {
        server.on("/bad" + SUMMARY, summary);
        return URI.create(server.baseUrl() + "/bad");
    }

    private URI silentPort() throws IOException {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        resources.add(silent);
        return URI.create("http://127.0.0.1:" + silent.getLocalPort());
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return URI.create("http://127.0.0.1:" + closed.getLocalPort());
        }
    }

    private URI redirectElsewhere() {
        StubServer other = StubServer.start("127.0.0.2");
        resources.add(other);
        other.on(SUMMARY, json(statuspage("summary-operational.json")));
        return badOnServer(redirect(302, other.baseUrl() + SUMMARY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingPages")
    void shouldReportTheFailureKindAndKeepPollingTheOtherProviderWhenOnePageFails(
            String name, SourceHealth.Kind kind, BadPage badPage) throws Exception {
        serveGoodPage();
        Provider bad = statuspageProvider("bad", badPage.setUp(this));
        PollScheduler scheduler = scheduler(
                // 1.5 s, not less: on two loaded cores a stub that answers at once can take longer than 300 ms,
                // which turned a 429 into a timeout.
                List.of(bad, good), recorder, fastFetch().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500)));

        scheduler.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(outcomes("bad")).hasSizeGreaterThanOrEqualTo(2);
            assertThat(outcomes("good")).hasSizeGreaterThanOrEqualTo(4);
        });
        assertThat(outcomes("bad"))
                .allSatisfy(o ->
                        assertThat(((PollOutcome.Failed) o).health().kind()).isEqualTo(kind));
        assertThat(count("bad", kind.label())).isGreaterThanOrEqualTo(2);
        assertThat(count("bad", "changed") + count("bad", "unchanged")).isZero();
        assertThat(gauge(PollMetrics.SOURCE_UP, "bad")).isZero();
        assertThat(gauge(PollMetrics.LAST_SUCCESS, "bad")).isZero();
        assertThat(count("good", "changed")).isEqualTo(1);
        assertThat(count("good", "unchanged")).isGreaterThanOrEqualTo(3);
        assertThat(gauge(PollMetrics.SOURCE_UP, "good")).isEqualTo(1);
        assertThat(gauge(PollMetrics.LAST_SUCCESS, "good")).isPositive();
        assertThat(scheduler.consecutiveFailures("bad")).isGreaterThanOrEqualTo(2);
        assertThat(scheduler.consecutiveFailures("good")).isZero();
    }

    @Test
    void shouldDoubleTheDelayOnFailuresAndResetItWhenThePageAnswersAgain() {
        server.on(
                        "/good" + SUMMARY,
                        status(500, "text/plain", "down"),
                        status(500, "text/plain", "down"),
                        status(500, "text/plain", "down"),
                        status(500, "text/plain", "down"),
                        json(statuspage("summary-investigating.json")))
                .on("/good" + INCIDENTS, json(statuspage("incidents-older.json")))
                .on("/good" + MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));
        PollScheduler scheduler = scheduler(List.of(good));

        scheduler.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes("good").size() >= 6);
        assertThat(List.copyOf(delays.get("good")).subList(0, 6))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(400),
                        INTERVAL,
                        INTERVAL);
        List<StubServer.Request> requests = server.requests("/good" + SUMMARY);
        assertThat(gapMillis(requests, 0)).isGreaterThanOrEqualTo(100);
        assertThat(gapMillis(requests, 1)).isGreaterThanOrEqualTo(200);
        assertThat(gapMillis(requests, 2)).isGreaterThanOrEqualTo(400);
        assertThat(gapMillis(requests, 3)).isGreaterThanOrEqualTo(400);
        assertThat(outcomes("good").get(4)).isInstanceOf(PollOutcome.Changed.class);
        assertThat(scheduler.consecutiveFailures("good")).isZero();
    }

    private static long gapMillis(List<StubServer.Request> requests, int index) {
        return TimeUnit.NANOSECONDS.toMillis(
                requests.get(index + 1).nanoTime() - requests.get(index).nanoTime());
    }

    @Test
    void shouldWaitTheRetryAfterWhenThePageAnswers429() {
        server.on("/good" + SUMMARY, status(429, "text/plain", "slow down", "Retry-After", "3"));
        PollScheduler scheduler = scheduler(List.of(good));

        PollOutcome outcome =
                scheduler.pollNow("good").orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(((PollOutcome.Failed) outcome).health().kind()).isEqualTo(SourceHealth.Kind.RATE_LIMITED);
        assertThat(scheduler.nextDelay("good")).isEqualTo(Duration.ofSeconds(3));
        assertThat(count("good", "rate_limited")).isEqualTo(1);
    }

    @Test
    void shouldWaitTheRetryAfterButNotCountAFailureWhenOnlyProxyWasRateLimited() {
        Provider openai = incidentIoProvider("openai", server.baseUrl());
        server.on("/proxy/127.0.0.1", status(429, "text/plain", "slow down", "Retry-After", "4"))
                .on("/proxy/127.0.0.1/incidents", json(incidentIo("proxy-incidents.json")))
                .on(SUMMARY, json(incidentIo("shim-summary.json")))
                .on("/api/v2/components.json", json(incidentIo("shim-components.json")));
        PollScheduler scheduler = scheduler(List.of(openai));

        PollOutcome outcome =
                scheduler.pollNow("openai").orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(outcome).isInstanceOf(PollOutcome.Changed.class);
        assertThat(scheduler.nextDelay("openai")).isEqualTo(Duration.ofSeconds(4));
        assertThat(scheduler.consecutiveFailures("openai")).isZero();
        assertThat(gauge(PollMetrics.SOURCE_UP, "openai")).isZero();
        assertThat(gauge(PollMetrics.SOURCE_DRIFT, "openai")).isEqualTo(1);
        assertThat(count("openai", "changed")).isEqualTo(1);
    }

    @Test
    void shouldKeepPollingWhenTheListenerThrows() {
        serveGoodPage();
        AtomicInteger calls = new AtomicInteger();
        PollScheduler scheduler = scheduler(
                List.of(good),
                (provider, outcome, took) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                },
                fastFetch());

        scheduler.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 4);
        assertThat(count("good", "changed") + count("good", "unchanged")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldReturnTheRunningPollInsteadOfStartingASecondOneWhenPolledTwice() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/good" + SUMMARY, request -> {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return StubServer.text(200, "application/json", statuspage("summary-operational.json"));
                })
                .on("/good" + INCIDENTS, json(statuspage("incidents-older.json")))
                .on("/good" + MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));
        PollScheduler scheduler = scheduler(
                List.of(good), recorder, fastFetch().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));

        CompletableFuture<PollOutcome> first = scheduler.pollNow("good");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.count("/good" + SUMMARY) == 1);
        CompletableFuture<PollOutcome> second = scheduler.pollNow("good");
        release.countDown();

        assertThat(second).isSameAs(first);
        assertThat(first.orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(PollOutcome.Changed.class);
        assertThat(server.count("/good" + SUMMARY)).isEqualTo(1);
        assertThat(outcomes("good")).hasSize(1);
    }

    @Test
    void shouldStopPollingAndRefusePollNowWhenClosed() {
        serveGoodPage();
        PollScheduler scheduler = scheduler(List.of(good));
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes("good").size() >= 2);

        scheduler.close();
        int polls = server.count("/good" + SUMMARY);

        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> server.count("/good" + SUMMARY) == polls);
        assertThatThrownBy(() -> scheduler.pollNow("good")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldStopPollingAndDropMetricsWhenAnotherInstanceOwnsTheProviderAndStartAfreshWhenItComesBack() {
        serveGoodPage();
        PollScheduler scheduler = scheduler(List.of(good));
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes("good").size() >= 2);
        assertThat(outcomes("good").get(1)).isInstanceOf(PollOutcome.Unchanged.class);

        owned.set(false);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.find(PollMetrics.SOURCE_UP)
                                .tag("provider", "good")
                                .gauge()
                        == null);
        int polls = server.count("/good" + SUMMARY);
        int seen = outcomes("good").size();
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> server.count("/good" + SUMMARY) == polls);

        owned.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes("good").size() > seen);
        assertThat(outcomes("good").get(seen)).isInstanceOf(PollOutcome.Changed.class); // cached bodies were dropped
        assertThat(gauge(PollMetrics.SOURCE_UP, "good")).isEqualTo(1);
    }

    @Test
    void shouldSkipDisabledProvidersWhenScheduling() {
        Provider disabled = new Provider(
                "off",
                "off",
                good.platform(),
                good.baseUrl(),
                good.pollInterval(),
                good.timeZoneOverride(),
                good.partialOutageWeight(),
                good.components(),
                false);

        PollScheduler scheduler = scheduler(List.of(disabled));

        assertThat(scheduler.providers()).isEmpty();
        assertThatThrownBy(() -> scheduler.pollNow("off")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNumberFailuresInEnglishWhenLogging() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111))
                .extracting(PollScheduler::ordinal)
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th");
    }

    @Test
    void shouldListOnlyTheFirstPagesWhenLoggingAManyPageCatalogue() {
        List<String> few = List.of("openai", "anthropic");
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 5000)
                .mapToObj(i -> "p-" + i)
                .toList();

        assertThat(PollScheduler.names(few)).isEqualTo("openai, anthropic");
        assertThat(PollScheduler.names(many))
                .startsWith("p-1, p-2, ")
                .contains("p-20 and 4980 more")
                .doesNotContain("p-21");
    }
}
