package dev.incidentmonitor.ingest.poll;

import dev.incidentmonitor.ingest.catalog.Durations;
import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.catalog.ProviderCatalog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs status-page endpoints with the JDK {@link HttpClient}'s asynchronous API, so thousands of pages are polled
 * concurrently without a blocked thread per page (Java 17: no virtual threads).
 *
 * <p>What it guards against, since the pages are other people's servers:
 *
 * <ul>
 *   <li><b>Hosts</b>: only the origins ({@code scheme://host:port}) of the configured pages are fetched; an
 *       other URL is a programming error. Redirects are not followed by the client ({@link HttpClient.Redirect#NEVER}):
 *       a redirect to the same origin is followed up to {@link FetchSettings#maxRedirects()} hops, one to another
 *       origin (or scheme, or port) is refused and reported as {@link SourceHealth.Kind#REDIRECT_REFUSED}, so a
 *       compromised or misconfigured page cannot point the poller at arbitrary hosts.
 *   <li><b>Time</b>: a connect timeout, and a request timeout that covers the whole exchange including the body
 *       (the JDK's own timeout ends at the response headers).
 *   <li><b>Size</b>: bodies are streamed into a capped buffer and aborted past {@link FetchSettings#maxBodyBytes()}
 *       (also after gzip decompression).
 *   <li><b>Type</b>: a 2xx must have a {@code Content-Type} containing {@code json}; an HTML error page served
 *       with 200 is {@link SourceHealth.Kind#NOT_JSON}, not a parse failure deep in the parser.
 * </ul>
 *
 * <p>Conditional GET: given the previous {@link CachedBody} of the URL, it sends {@code If-None-Match} /
 * {@code If-Modified-Since}; a 304 hands back the previous body marked unchanged, and so does a 200 with the same
 * bytes (incident.io sends no validators). The fetcher itself keeps no per-URL state: the caller ({@link
 * PagePoller}) keeps the last body per endpoint next to the rest of the page's state, so forgetting a provider
 * frees everything at once.
 *
 * <p>Thread-safe. Completion stages run on the client's executor ({@link FetchSettings#httpThreads()} daemon
 * threads), which is also where callers' dependent stages run: they must not block.
 */
public final class PageFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);

    /** How much of an error body is kept for the message. */
    private static final int SNIPPET_BYTES = 4096;

    private static final int SNIPPET_CHARS = 120;

    private final FetchSettings settings;
    private final Set<String> allowedOrigins;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Clock clock;

    /**
     * @param settings timeouts, caps, User-Agent
     * @param allowedBaseUrls the pages' base URLs; only their origins are ever fetched
     */
    public PageFetcher(FetchSettings settings, Collection<URI> allowedBaseUrls) {
        this(settings, allowedBaseUrls, Clock.systemUTC());
    }

    /** As the public constructor, with the clock used to read {@code Retry-After} dates. */
    PageFetcher(FetchSettings settings, Collection<URI> allowedBaseUrls, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.allowedOrigins = allowedBaseUrls.stream().map(PageFetcher::origin).collect(Collectors.toUnmodifiableSet());
        this.executor = Executors.newFixedThreadPool(settings.httpThreads(), daemonThreads("incident-monitor-http-"));
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** A fetcher allowed to fetch every page of the catalogue (enabled or not). */
    public static PageFetcher forCatalog(FetchSettings settings, ProviderCatalog catalog) {
        return new PageFetcher(
                settings, catalog.providers().stream().map(Provider::baseUrl).toList());
    }

    /** The settings this fetcher was built with. */
    public FetchSettings settings() {
        return settings;
    }

    /** Whether {@code url}'s origin is one of the configured pages'. */
    public boolean allows(URI url) {
        return url.getHost() != null && allowedOrigins.contains(origin(url));
    }

    /**
     * GETs {@code url}. Never completes exceptionally for a problem of the page (HTTP errors, timeouts, refused
     * connections, oversized or non-JSON bodies are {@link FetchResult.Failed}); only a bug does.
     *
     * @param url the endpoint, on a configured page's origin
     * @param previous the last good body of this URL (its validators make the GET conditional), or {@code null}
     * @throws IllegalArgumentException when {@code url} is not on a configured page's origin
     */
    public CompletableFuture<FetchResult> fetch(URI url, CachedBody previous) {
        if (!allows(url)) {
            throw new IllegalArgumentException(url + " is not on the origin of a configured status page");
        }
        return exchange(url, url, previous, 0);
    }

    /** Stops the client's threads. In-flight fetches may then never complete. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private CompletableFuture<FetchResult> exchange(URI endpoint, URI target, CachedBody previous, int hops) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .GET()
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json");
        if (settings.gzip()) {
            request.header("Accept-Encoding", "gzip");
        }
        if (previous != null && previous.etag() != null) {
            request.header("If-None-Match", previous.etag());
        }
        if (previous != null && previous.lastModified() != null) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = client.sendAsync(request.build(), info -> bodyFor(info, deadline));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> error != null
                        ? CompletableFuture.completedFuture(failure(endpoint, target, error))
                        : onResponse(endpoint, target, previous, hops, response))
                .thenCompose(Function.identity());
    }

    /** Picks the cap: a body to parse may be large and fails past the cap; any other body is only a snippet. */
    private HttpResponse.BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info, long deadline) {
        boolean toParse = info.statusCode() / 100 == 2 && isJson(info.headers());
        if (!toParse) {
            return new LimitedBody(SNIPPET_BYTES, false, deadline, executor);
        }
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        if (announced > settings.maxBodyBytes()) {
            return LimitedBody.refused(settings.maxBodyBytes(), announced, executor);
        }
        return new LimitedBody(settings.maxBodyBytes(), true, deadline, executor, announced);
    }

    private CompletableFuture<FetchResult> onResponse(
            URI endpoint, URI target, CachedBody previous, int hops, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        String from = " from " + target + (target.equals(endpoint) ? "" : " (redirected from " + endpoint + ")");
        if (status == 304) {
            if (previous == null) {
                return failed(endpoint, SourceHealth.Kind.UNEXPECTED_STATUS, "HTTP 304 to a plain GET" + from, status);
            }
            LOG.debug("{} not modified", target);
            return done(new FetchResult.Fetched(endpoint, previous, true, status));
        }
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            return redirect(endpoint, target, previous, hops, status, headers, from);
        }
        if (status / 100 != 2) {
            return done(errorStatus(endpoint, status, headers, response.body(), from));
        }
        if (!isJson(headers)) {
            String type = headers.firstValue("Content-Type").orElse("none");
            return failed(
                    endpoint,
                    SourceHealth.Kind.NOT_JSON,
                    "HTTP " + status + from + " is not JSON (Content-Type " + type + ")"
                            + snippet(decoded(headers, response.body())),
                    status);
        }
        byte[] bytes = response.body();
        String encoding = headers.firstValue("Content-Encoding")
                .map(e -> e.strip().toLowerCase(Locale.ROOT))
                .orElse("identity");
        if (encoding.equals("gzip")) {
            try {
                bytes = LimitedBody.gunzip(bytes, settings.maxBodyBytes(), true);
            } catch (LimitedBody.TooLargeException e) {
                return failed(endpoint, SourceHealth.Kind.TOO_LARGE, "gzip body" + from + " " + e.getMessage(), status);
            } catch (IOException e) {
                return failed(
                        endpoint,
                        SourceHealth.Kind.INVALID_JSON,
                        "gzip body" + from + " does not decompress: " + e.getMessage(),
                        status);
            }
        } else if (!encoding.equals("identity")) {
            return failed(
                    endpoint,
                    SourceHealth.Kind.INVALID_JSON,
                    "unsupported Content-Encoding " + encoding + from,
                    status);
        }
        String etag = headers.firstValue("ETag").orElse(null);
        String lastModified = headers.firstValue("Last-Modified").orElse(null);
        if (previous != null && previous.sameBytes(bytes)) {
            LOG.debug("{} unchanged ({} bytes)", target, bytes.length);
            return done(new FetchResult.Fetched(endpoint, previous.withValidators(etag, lastModified), true, status));
        }
        LOG.debug("{} fetched ({} bytes)", target, bytes.length);
        return done(new FetchResult.Fetched(endpoint, new CachedBody(bytes, etag, lastModified), false, status));
    }

    private CompletableFuture<FetchResult> redirect(
            URI endpoint, URI target, CachedBody previous, int hops, int status, HttpHeaders headers, String from) {
        Optional<String> location = headers.firstValue("Location");
        if (location.isEmpty() || location.get().isBlank()) {
            return failed(
                    endpoint,
                    SourceHealth.Kind.UNEXPECTED_STATUS,
                    "HTTP " + status + " without Location" + from,
                    status);
        }
        URI next;
        try {
            next = target.resolve(location.get().strip());
        } catch (IllegalArgumentException e) {
            return failed(
                    endpoint,
                    SourceHealth.Kind.REDIRECT_REFUSED,
                    "HTTP " + status + from + " has an invalid Location '" + location.get() + "'",
                    status);
        }
        if (next.getHost() == null || next.getScheme() == null || !origin(next).equals(origin(target))) {
            return failed(
                    endpoint,
                    SourceHealth.Kind.REDIRECT_REFUSED,
                    "HTTP " + status + from + " redirects to another origin: " + next + " (not followed)",
                    status);
        }
        if (hops >= settings.maxRedirects()) {
            return failed(
                    endpoint,
                    SourceHealth.Kind.REDIRECT_REFUSED,
                    "more than " + settings.maxRedirects() + " redirects from " + endpoint + " (last to " + next + ")",
                    status);
        }
        LOG.debug("{} redirects to {} (HTTP {})", target, next, status);
        return exchange(endpoint, next, previous, hops + 1);
    }

    private FetchResult errorStatus(URI endpoint, int status, HttpHeaders headers, byte[] body, String from) {
        String message = "HTTP " + status + from + snippet(decoded(headers, body));
        Optional<Duration> retryAfter = retryAfter(headers);
        SourceHealth.Kind kind;
        if (status == 429) {
            kind = SourceHealth.Kind.RATE_LIMITED;
        } else if (status / 100 == 4) {
            kind = SourceHealth.Kind.HTTP_4XX;
        } else if (status / 100 == 5) {
            kind = SourceHealth.Kind.HTTP_5XX;
        } else {
            kind = SourceHealth.Kind.UNEXPECTED_STATUS;
        }
        if (retryAfter.isPresent()) {
            message += " (Retry-After " + Durations.format(retryAfter.get()) + ")";
        }
        return new FetchResult.Failed(endpoint, new SourceHealth(kind, message, endpoint, status, retryAfter));
    }

    /** Maps a failed exchange to its kind; a bug (not an I/O problem) is passed on. */
    private FetchResult failure(URI endpoint, URI target, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof LimitedBody.TooLargeException) {
                return failedNow(endpoint, SourceHealth.Kind.TOO_LARGE, "body from " + target + " " + t.getMessage());
            }
            if (t instanceof HttpConnectTimeoutException) {
                return failedNow(
                        endpoint,
                        SourceHealth.Kind.CONNECT_FAILED,
                        "cannot connect to " + target + ": connect timed out after "
                                + Durations.format(settings.connectTimeout()));
            }
            if (t instanceof HttpTimeoutException) {
                return failedNow(
                        endpoint,
                        SourceHealth.Kind.TIMEOUT,
                        "no complete response from " + target + " within "
                                + Durations.format(settings.requestTimeout()));
            }
            if (t instanceof ConnectException) {
                return failedNow(
                        endpoint,
                        SourceHealth.Kind.CONNECT_FAILED,
                        "cannot connect to " + target + ": " + describe(t, "connection refused"));
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return failedNow(
                        endpoint,
                        SourceHealth.Kind.CONNECT_FAILED,
                        "cannot connect to " + target + ": host " + target.getHost() + " not found");
            }
            if (t instanceof SSLException) {
                return failedNow(
                        endpoint,
                        SourceHealth.Kind.CONNECT_FAILED,
                        "TLS with " + target.getHost() + " failed: " + describe(t, "handshake failed"));
            }
        }
        if (cause instanceof IOException) {
            return failedNow(
                    endpoint,
                    SourceHealth.Kind.IO_ERROR,
                    "exchange with " + target + " failed: " + describe(cause, ""));
        }
        throw new CompletionException(cause);
    }

    /**
     * {@code Retry-After} as a delay: delta-seconds or an HTTP date (RFC 9110 §10.2.3); absent, unreadable or
     * in the past gives empty.
     */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long: nonsense
            }
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isJson(HttpHeaders headers) {
        return headers.firstValue("Content-Type")
                .map(t -> t.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(false);
    }

    /** An error body as text, decompressed when it is gzip (best effort: it is only for the message). */
    private static String decoded(HttpHeaders headers, byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        byte[] bytes = body;
        if (headers.firstValue("Content-Encoding")
                .map(e -> e.strip().equalsIgnoreCase("gzip"))
                .orElse(false)) {
            try {
                bytes = LimitedBody.gunzip(body, SNIPPET_BYTES, false);
            } catch (IOException e) {
                return "";
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** ": first words of the body" on one line, tags stripped, or empty: enough to see "page inactive". */
    static String snippet(String body) {
        String text = body.replaceAll("(?s)<(script|style)\\b.*?</\\1>", " ")
                .replaceAll("<[^>]*>", " ")
                .replaceAll("\\s+", " ")
                .strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "..." : text);
    }

    private static String describe(Throwable t, String fallback) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return fallback.isEmpty() ? t.getClass().getSimpleName() : fallback;
        }
        return message;
    }

    private static CompletableFuture<FetchResult> done(FetchResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static CompletableFuture<FetchResult> failed(
            URI endpoint, SourceHealth.Kind kind, String message, int status) {
        return done(new FetchResult.Failed(endpoint, new SourceHealth(kind, message, endpoint, status)));
    }

    private static FetchResult failedNow(URI endpoint, SourceHealth.Kind kind, String message) {
        return new FetchResult.Failed(endpoint, new SourceHealth(kind, message, endpoint, 0));
    }

    /** {@code scheme://host:port}, lowercase, with the scheme's default port made explicit. */
    static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        if (port < 0) {
            port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        }
        return scheme + "://" + host + ":" + port;
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
