package dev.incidentmonitor.ingest.poll;

import static dev.incidentmonitor.ingest.poll.PollFixtures.SUMMARY;
import static dev.incidentmonitor.ingest.poll.PollFixtures.fastFetch;
import static dev.incidentmonitor.ingest.poll.StubServer.bigJson;
import static dev.incidentmonitor.ingest.poll.StubServer.gzipJson;
import static dev.incidentmonitor.ingest.poll.StubServer.json;
import static dev.incidentmonitor.ingest.poll.StubServer.redirect;
import static dev.incidentmonitor.ingest.poll.StubServer.stallingBody;
import static dev.incidentmonitor.ingest.poll.StubServer.status;
import static dev.incidentmonitor.ingest.poll.StubServer.withEtag;
import static dev.incidentmonitor.ingest.poll.StubServer.withLastModified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageFetcherTest {
    private static final String BODY = "{\"page\":{\"id\":\"p1\"}}";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final StubServer server = StubServer.start();
    private PageFetcher fetcher = new PageFetcher(fastFetch(), List.of(server.baseUrl()));

    @AfterEach
    void tearDown() {
        fetcher.close();
        server.close();
    }

    private URI url(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private FetchResult fetch(String path, CachedBody previous) {
        return fetch(url(path), previous);
    }

    private FetchResult fetch(URI url, CachedBody previous) {
        return fetcher.fetch(url, previous)
                .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    private static FetchResult.Fetched fetched(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Fetched.class);
        return (FetchResult.Fetched) result;
    }

    private static SourceHealth failed(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        return ((FetchResult.Failed) result).health();
    }

    @Test
    void shouldSendProjectUserAgentAndAcceptJsonWhenFetching() {
        server.on(SUMMARY, json(BODY));

        FetchResult.Fetched result = fetched(fetch(SUMMARY, null));

        assertThat(result.body().text()).isEqualTo(BODY);
        assertThat(result.unchanged()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(200);
        StubServer.Request request = server.requests(SUMMARY).get(0);
        assertThat(request.header("User-Agent"))
                .startsWith("incident-monitor/")
                .contains("(+" + FetchSettings.PROJECT_URL + ")");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("If-None-Match")).isNull();
    }

    @Test
    void shouldReuseThePreviousBodyAsUnchangedWhenServerAnswers304ToIfNoneMatch() {
        server.on(SUMMARY, withEtag(BODY, "\"v1\""));
        FetchResult.Fetched first = fetched(fetch(SUMMARY, null));

        FetchResult.Fetched second = fetched(fetch(SUMMARY, first.body()));

        assertThat(first.body().etag()).isEqualTo("\"v1\"");
        assertThat(server.requests(SUMMARY).get(1).header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(second.httpStatus()).isEqualTo(304);
        assertThat(second.unchanged()).isTrue();
        assertThat(second.body()).isSameAs(first.body());
    }

    @Test
    void shouldSendIfModifiedSinceAndReuseTheBodyWhenServerAnswers304() {
        String date = "Wed, 01 Apr 2026 10:05:00 GMT";
        server.on(SUMMARY, withLastModified(BODY, date));
        FetchResult.Fetched first = fetched(fetch(SUMMARY, null));

        FetchResult.Fetched second = fetched(fetch(SUMMARY, first.body()));

        assertThat(server.requests(SUMMARY).get(1).header("If-Modified-Since")).isEqualTo(date);
        assertThat(second.httpStatus()).isEqualTo(304);
        assertThat(second.unchanged()).isTrue();
        assertThat(second.body().text()).isEqualTo(BODY);
    }

    @Test
    void shouldReportUnchangedWhenBodyIsByteIdenticalWithoutValidators() {
        server.on(SUMMARY, json(BODY), json(BODY), json("{\"page\":{\"id\":\"p2\"}}"));
        FetchResult.Fetched first = fetched(fetch(SUMMARY, null));

        FetchResult.Fetched second = fetched(fetch(SUMMARY, first.body()));
        FetchResult.Fetched third = fetched(fetch(SUMMARY, second.body()));

        assertThat(second.unchanged()).isTrue();
        assertThat(second.body().sameContent(first.body())).isTrue();
        assertThat(third.unchanged()).isFalse();
        assertThat(third.body().text()).isEqualTo("{\"page\":{\"id\":\"p2\"}}");
    }

    @Test
    void shouldReportHttp4xxWithTheBodyTextWhenPageAnswers401PageInactive() {
        server.on(SUMMARY, status(401, "text/plain", "page inactive"));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.HTTP_4XX);
        assertThat(health.httpStatus()).isEqualTo(401);
        assertThat(health.url()).isEqualTo(url(SUMMARY));
        assertThat(health.message()).isEqualTo("HTTP 401 from " + url(SUMMARY) + ": page inactive");
    }

    @Test
    void shouldReportHttp5xxWithoutHtmlTagsWhenPageAnswers500() {
        server.on(SUMMARY, status(500, "text/html", "<html><body><h1>Internal Server Error</h1></body></html>"));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.HTTP_5XX);
        assertThat(health.httpStatus()).isEqualTo(500);
        assertThat(health.message()).isEqualTo("HTTP 500 from " + url(SUMMARY) + ": Internal Server Error");
        assertThat(health.retryAfter()).isEmpty();
    }

    @Test
    void shouldReportRateLimitedWithRetryAfterWhenPageAnswers429() {
        server.on(SUMMARY, status(429, "application/json", "{}", "Retry-After", "120"));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.RATE_LIMITED);
        assertThat(health.httpStatus()).isEqualTo(429);
        assertThat(health.retryAfter()).contains(Duration.ofMinutes(2));
        assertThat(health.message()).endsWith("(Retry-After 2m)");
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAsAnHttpDateWhenParsingTheHeader() {
        Clock clock = Clock.fixed(Instant.parse("2026-04-01T10:00:00Z"), ZoneOffset.UTC);
        PageFetcher fixed = new PageFetcher(fastFetch(), List.of(server.baseUrl()), clock);
        try {
            assertThat(fixed.retryAfter(headers("30"))).contains(Duration.ofSeconds(30));
            assertThat(fixed.retryAfter(headers("Wed, 01 Apr 2026 10:01:30 GMT")))
                    .contains(Duration.ofSeconds(90));
            assertThat(fixed.retryAfter(headers("Wed, 01 Apr 2026 09:00:00 GMT")))
                    .isEmpty();
            assertThat(fixed.retryAfter(headers("soon"))).isEmpty();
        } finally {
            fixed.close();
        }
    }

    private static HttpHeaders headers(String retryAfter) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (k, v) -> true);
    }

    @Test
    void shouldReportTimeoutWhenServerAcceptsButNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            fetcher.close();
            fetcher = new PageFetcher(
                    fastFetch().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)), List.of(base));

            SourceHealth health = failed(fetch(URI.create(base + SUMMARY), null));

            assertThat(health.kind()).isEqualTo(SourceHealth.Kind.TIMEOUT);
            assertThat(health.message()).isEqualTo("no complete response from " + base + SUMMARY + " within 300ms");
        }
    }

    @Test
    void shouldReportTimeoutWhenTheBodyStallsAfterTheHeaders() {
        server.on(SUMMARY, stallingBody());
        fetcher.close();
        fetcher = new PageFetcher(
                fastFetch().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)), List.of(server.baseUrl()));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.TIMEOUT);
    }

    @Test
    void shouldReportConnectFailedWhenNothingListensOnThePort() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        fetcher.close();
        fetcher = new PageFetcher(fastFetch(), List.of(base));

        SourceHealth health = failed(fetch(URI.create(base + SUMMARY), null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.CONNECT_FAILED);
        assertThat(health.message()).startsWith("cannot connect to " + base + SUMMARY);
        assertThat(health.httpStatus()).isZero();
    }

    @Test
    void shouldReportTooLargeWhenContentLengthIsOverTheCap() {
        server.on(SUMMARY, bigJson(64 * 1024 + 1, false));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.TOO_LARGE);
        assertThat(health.message()).contains("65537 bytes").contains("limit of 65536 bytes");
    }

    @Test
    void shouldReportTooLargeWhenAChunkedBodyGrowsPastTheCap() {
        server.on(SUMMARY, bigJson(1024 * 1024, true));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.TOO_LARGE);
        assertThat(health.message()).contains("over the limit of 65536 bytes");
    }

    @Test
    void shouldAcceptABodyOfExactlyTheCapWhenItIsChunked() {
        server.on(SUMMARY, bigJson(64 * 1024, true));

        FetchResult.Fetched result = fetched(fetch(SUMMARY, null));

        assertThat(result.body().size()).isEqualTo(64 * 1024);
    }

    @Test
    void shouldDecompressAGzipBodyWhenThePageSendsOne() {
        String body = "{\"page\":{\"id\":\"gz\"},\"pad\":\"" + "y".repeat(5000) + "\"}";
        server.on(SUMMARY, gzipJson(body));

        FetchResult.Fetched result = fetched(fetch(SUMMARY, null));

        assertThat(server.requests(SUMMARY).get(0).header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(result.body().text()).isEqualTo(body);
    }

    @Test
    void shouldReportTooLargeWhenAGzipBodyDecompressesPastTheCap() {
        byte[] bomb = StubServer.gzip(new byte[10 * 1024 * 1024]);
        server.on(
                SUMMARY,
                r -> new StubServer.Reply(
                        200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), bomb, -1));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.TOO_LARGE);
        assertThat(health.message()).contains("decompresses to over the limit of 65536 bytes");
    }

    @Test
    void shouldReportNotJsonWhenAnHtmlPageComesBackWith200() {
        server.on(SUMMARY, status(200, "text/html; charset=utf-8", "<html><title>Status</title></html>"));

        SourceHealth health = failed(fetch(SUMMARY, null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.NOT_JSON);
        assertThat(health.httpStatus()).isEqualTo(200);
        assertThat(health.message())
                .isEqualTo("HTTP 200 from " + url(SUMMARY)
                        + " is not JSON (Content-Type text/html; charset=utf-8): Status");
    }

    @Test
    void shouldRefuseARedirectToAnotherHostWithoutContactingIt() {
        try (StubServer other = StubServer.start("127.0.0.2")) {
            other.on(SUMMARY, json(BODY));
            URI elsewhere = URI.create(other.baseUrl() + SUMMARY);
            server.on(SUMMARY, redirect(302, elsewhere.toString()));

            SourceHealth health = failed(fetch(SUMMARY, null));

            assertThat(health.kind()).isEqualTo(SourceHealth.Kind.REDIRECT_REFUSED);
            assertThat(health.httpStatus()).isEqualTo(302);
            assertThat(health.message()).contains("redirects to another origin: " + elsewhere);
            assertThat(other.count()).isZero();
        }
    }

    @Test
    void shouldRefuseARedirectToLocalhostWhenThePageIs127001() {
        URI sameMachineOtherName =
                URI.create("http://localhost:" + server.baseUrl().getPort() + SUMMARY);
        server.on("/old", redirect(301, sameMachineOtherName.toString()));

        SourceHealth health = failed(fetch("/old", null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.REDIRECT_REFUSED);
        assertThat(server.count(SUMMARY)).isZero();
    }

    @Test
    void shouldFollowARelativeSameOriginRedirectWhenThePageMovedAnEndpoint() {
        server.on("/old", redirect(301, "/moved"))
                .on("/moved", redirect(307, SUMMARY))
                .on(SUMMARY, json(BODY));

        FetchResult.Fetched result = fetched(fetch("/old", null));

        assertThat(result.body().text()).isEqualTo(BODY);
        assertThat(result.url()).isEqualTo(url("/old"));
        assertThat(server.count(SUMMARY)).isEqualTo(1);
        assertThat(server.requests(SUMMARY).get(0).header("User-Agent")).startsWith("incident-monitor/");
    }

    @Test
    void shouldRefuseTheFourthRedirectWhenRedirectsLoop() {
        server.on("/a", redirect(302, "/b")).on("/b", redirect(302, "/a"));

        SourceHealth health = failed(fetch("/a", null));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.REDIRECT_REFUSED);
        assertThat(health.message()).startsWith("more than 3 redirects from " + url("/a"));
        assertThat(server.count()).isEqualTo(4);
    }

    @Test
    void shouldRejectAUrlOutsideTheConfiguredPagesWhenAskedToFetchIt() {
        URI elsewhere = URI.create("http://127.0.0.2:" + server.baseUrl().getPort() + SUMMARY);

        assertThatThrownBy(() -> fetcher.fetch(elsewhere, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on the origin of a configured status page");
        assertThat(server.count()).isZero();
    }

    @Test
    void shouldKeepTheSnippetShortAndOnOneLineWhenTheErrorBodyIsLong() {
        String snippet = PageFetcher.snippet("<p>\n  " + "word ".repeat(100) + "</p>");

        assertThat(snippet).startsWith(": word word").endsWith("...").doesNotContain("\n");
        assertThat(snippet).hasSize(2 + 120 + 3);
    }

    @Test
    void shouldDropTheByteOrderMarkWhenDecodingABody() {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

        assertThat(new CachedBody(withBom, null, null).text()).isEqualTo("{}");
        assertThat(new CachedBody(withBom, null, null).size()).isEqualTo(5);
        assertThat(CachedBody.of("{\"a\":\"é\"}").text()).isEqualTo("{\"a\":\"é\"}");
        assertThat(CachedBody.of("{\"a\":\"é\"}").size())
                .isEqualTo("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8).length);
    }
}
