package dev.incidentmonitor.ingest.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /pages/<pageId>/...} to the pages, answers conditional requests with 304, and plays the
 * misbehaviour hook. Handlers never block: a {@link Misbehaviour#TIMEOUT} is held by a timer, not a thread.
 */
final class SimulatorHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorHttpHandler.class);

    /** IMF-fixdate (RFC 9110 §5.6.7); {@code RFC_1123_DATE_TIME} would write a one-digit day. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String JSON = "application/json";
    private static final byte[] SERVER_ERROR_BODY =
            "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] HTML_BODY = ("<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                    + "<body>Checking your browser before accessing the status page.</body></html>")
            .getBytes(StandardCharsets.UTF_8);

    private final Map<String, SimPage> pages;
    private final SimulatedClock clock;
    private final ScheduledExecutorService timer;
    private final Duration hold;
    private final String baseUrl;
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();

    SimulatorHttpHandler(
            Map<String, SimPage> pages,
            SimulatedClock clock,
            ScheduledExecutorService timer,
            Duration hold,
            String baseUrl) {
        this.pages = pages;
        this.clock = clock;
        this.timer = timer;
        this.hold = hold;
        this.baseUrl = baseUrl;
    }

    @Override
    public void handle(HttpExchange exchange) {
        boolean keepOpen = false;
        try {
            drain(exchange);
            keepOpen = route(exchange);
        } catch (IOException e) {
            LOG.debug("client went away during {}: {}", exchange.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                sendJson(exchange, 500, error("simulator error: " + e));
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent; closing below ends the response
            }
        } finally {
            if (!keepOpen) {
                exchange.close();
            }
        }
    }

    /** Closes every held ({@link Misbehaviour#TIMEOUT}) connection. */
    void closeHeld() {
        for (HttpExchange exchange : held) {
            if (held.remove(exchange)) {
                exchange.close();
            }
        }
    }

    /** @return true when the exchange is held open (a simulated timeout) */
    private boolean route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/") || path.equals("/pages") || path.equals("/pages/")) {
            if (!isRead(method)) {
                return methodNotAllowed(exchange, "GET, HEAD");
            }
            sendJson(exchange, 200, index());
            return false;
        }
        if (!path.startsWith("/pages/")) {
            sendJson(exchange, 404, error("not found: " + path + " (pages are under /pages/<id>/)"));
            return false;
        }
        String tail = path.substring("/pages/".length());
        int slash = tail.indexOf('/');
        String pageId = slash < 0 ? tail : tail.substring(0, slash);
        String rest = slash < 0 ? "" : tail.substring(slash);
        SimPage page = pages.get(pageId);
        if (page == null) {
            sendJson(exchange, 404, error("unknown page '" + pageId + "'"));
            return false;
        }
        if (rest.equals("/_advance")) {
            return method.equals("POST") ? advance(exchange, page) : methodNotAllowed(exchange, "POST");
        }
        if (rest.equals("/_misbehave")) {
            return method.equals("POST") ? misbehave(exchange, page) : methodNotAllowed(exchange, "POST");
        }
        PageEndpoint endpoint = PageEndpoint.fromRequestPath(rest)
                .filter(e -> e.servedBy(page.platform()))
                .orElse(null);
        if (endpoint == null) {
            sendJson(
                    exchange,
                    404,
                    error("page '" + pageId + "' (" + page.platform().configName() + ") has no endpoint "
                            + (rest.isEmpty() ? "/" : rest)));
            return false;
        }
        if (!isRead(method)) {
            return methodNotAllowed(exchange, "GET, HEAD");
        }
        Misbehaviour misbehaviour = page.takeMisbehaviour();
        if (misbehaviour != null) {
            return misbehave(exchange, page, misbehaviour);
        }
        Representation representation = page.representation(endpoint, clock.now());
        if (representation == null) {
            sendJson(exchange, 404, error("page '" + pageId + "' serves no " + rest + " in its current step"));
            return false;
        }
        Headers out = exchange.getResponseHeaders();
        out.set("ETag", representation.etag());
        out.set("Last-Modified", HTTP_DATE.format(representation.lastModified()));
        out.set("Cache-Control", "no-cache");
        if (notModified(exchange.getRequestHeaders(), representation)) {
            exchange.sendResponseHeaders(304, -1);
            return false;
        }
        out.set("Content-Type", JSON);
        send(exchange, 200, representation.body());
        return false;
    }

    /**
     * RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; If-Modified-Since only without it.
     */
    private static boolean notModified(Headers request, Representation representation) {
        List<String> noneMatch = request.get("If-None-Match");
        if (noneMatch != null) {
            for (String header : noneMatch) {
                for (String tag : header.split(",")) {
                    String t = tag.strip();
                    if (t.startsWith("W/")) {
                        t = t.substring(2);
                    }
                    if (t.equals("*") || t.equals(representation.etag())) {
                        return true;
                    }
                }
            }
            return false;
        }
        String since = request.getFirst("If-Modified-Since");
        if (since == null) {
            return false;
        }
        try {
            Instant date = ZonedDateTime.parse(since.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return !representation.lastModified().isAfter(date);
        } catch (DateTimeException e) {
            return false; // an invalid date is ignored (RFC 9110 §13.1.3)
        }
    }

    private boolean misbehave(HttpExchange exchange, SimPage page, Misbehaviour misbehaviour) throws IOException {
        switch (misbehaviour) {
            case SERVER_ERROR -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                send(exchange, 500, SERVER_ERROR_BODY);
            }
            case PAGE_INACTIVE -> sendJson(exchange, 401, error("Page inactive"));
            case INVALID_JSON -> {
                exchange.getResponseHeaders().set("Content-Type", JSON);
                send(
                        exchange,
                        200,
                        ("{\"page\":{\"id\":\"" + page.id() + "\",\"name\":").getBytes(StandardCharsets.UTF_8));
            }
            case HTML -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                send(exchange, 200, HTML_BODY);
            }
            case TIMEOUT -> {
                held.add(exchange);
                timer.schedule(
                        () -> {
                            if (held.remove(exchange)) {
                                exchange.close();
                            }
                        },
                        hold.toMillis(),
                        TimeUnit.MILLISECONDS);
                return true;
            }
        }
        return false;
    }

    private boolean advance(HttpExchange exchange, SimPage page) throws IOException {
        if (!(page instanceof ReplayPage replay)) {
            sendJson(exchange, 409, error("page '" + page.id() + "' is generated; only replay pages advance"));
            return false;
        }
        Instant now = clock.now();
        boolean moved = replay.advance(now);
        Map<String, Object> body = PageRenderer.obj(
                "page", page.id(),
                "advanced", moved,
                "step", replay.stepIndex(now),
                "step_name", replay.stepName(now),
                "steps", replay.stepCount());
        sendJson(exchange, 200, body);
        return false;
    }

    private boolean misbehave(HttpExchange exchange, SimPage page) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        Misbehaviour kind;
        int count;
        try {
            kind = Misbehaviour.fromConfigName(query.getOrDefault("kind", ""));
            count = Integer.parseInt(query.getOrDefault("count", "1"));
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        } catch (IllegalArgumentException e) {
            sendJson(exchange, 400, error(e.getMessage()));
            return false;
        }
        page.misbehave(kind, count);
        sendJson(exchange, 200, PageRenderer.obj("page", page.id(), "misbehaviour", kind.configName(), "count", count));
        return false;
    }

    private Map<String, Object> index() {
        List<Object> list = new ArrayList<>(pages.size());
        for (SimPage page : pages.values()) {
            list.add(PageRenderer.obj(
                    "id", page.id(),
                    "name", page.name(),
                    "platform", page.platform().configName(),
                    "base_url", baseUrl + "/pages/" + page.id()));
        }
        return PageRenderer.obj("simulated_now", clock.now().toString(), "pages", list);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        sendJson(exchange, 405, error("method " + exchange.getRequestMethod() + " not allowed (use " + allowed + ")"));
        return false;
    }

    private static Map<String, Object> error(String message) {
        return PageRenderer.obj("error", message);
    }

    private static void sendJson(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        send(exchange, status, PageRenderer.json(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Reads what is left of a request body, so the connection can be reused. */
    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
