package dev.incidentmonitor.ingest.poll;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP server on a loopback address and an ephemeral port, serving per path a sequence of replies (the
 * last one repeats) and recording every request with its headers.
 */
final class StubServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** A recorded request. */
    record Request(String path, Headers headers, long nanoTime) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A reply, or a way to build one from the request. */
    @FunctionalInterface
    interface Responder {
        Reply reply(Request request);
    }

    /**
     * @param stallAfter bytes of the body to send before stalling until the server closes; -1 sends it all
     */
    record Reply(int status, Map<String, String> headers, byte[] body, int stallAfter) {}

    private StubServer(String address) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubServer start() {
        return new StubServer("127.0.0.1");
    }

    static StubServer start(String address) {
        return new StubServer(address);
    }

    /** {@code http://<address>:<port>}. */
    URI baseUrl() {
        InetSocketAddress at = server.getAddress();
        return URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort());
    }

    /** Serves {@code replies} at {@code path}, one per request, the last one for every request after. */
    StubServer on(String path, Responder... replies) {
        routes.put(path, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    int count(String path) {
        return requests(path).size();
    }

    int count() {
        return requests.size();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Request request = new Request(path, exchange.getRequestHeaders(), System.nanoTime());
        requests.add(request);
        Deque<Responder> sequence = routes.get(path);
        Responder responder;
        if (sequence == null) {
            responder = r -> text(404, "text/plain", "no route for " + path);
        } else {
            synchronized (sequence) {
                responder = sequence.size() > 1 ? sequence.poll() : sequence.peek();
            }
        }
        Reply reply = responder.reply(request);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = reply.body();
        try (OutputStream out = exchange.getResponseBody()) {
            if (body.length == 0) {
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            boolean chunked = "chunked".equals(reply.headers().get("X-Stub-Transfer"));
            exchange.sendResponseHeaders(reply.status(), chunked ? 0 : body.length);
            if (reply.stallAfter() >= 0) {
                out.write(body, 0, reply.stallAfter());
                out.flush();
                release.await(30, TimeUnit.SECONDS);
                return;
            }
            out.write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up (a cap or a timeout did its job)
        }
    }

    // ---- replies ----

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), -1);
    }

    static Responder json(String body) {
        return r -> text(200, "application/json; charset=utf-8", body);
    }

    static Responder status(int status, String contentType, String body) {
        return r -> text(status, contentType, body);
    }

    static Responder status(int status, String contentType, String body, String header, String value) {
        return r -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            headers.put(header, value);
            return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), -1);
        };
    }

    /** 200 with an {@code ETag}, or 304 when the request's {@code If-None-Match} names it. */
    static Responder withEtag(String body, String etag) {
        return r -> etag.equals(r.header("If-None-Match"))
                ? new Reply(304, Map.of("ETag", etag), new byte[0], -1)
                : new Reply(
                        200,
                        Map.of("Content-Type", "application/json", "ETag", etag),
                        body.getBytes(StandardCharsets.UTF_8),
                        -1);
    }

    /** 200 with a {@code Last-Modified}, or 304 when the request's {@code If-Modified-Since} is that date. */
    static Responder withLastModified(String body, String lastModified) {
        return r -> lastModified.equals(r.header("If-Modified-Since"))
                ? new Reply(304, Map.of(), new byte[0], -1)
                : new Reply(
                        200,
                        Map.of("Content-Type", "application/json", "Last-Modified", lastModified),
                        body.getBytes(StandardCharsets.UTF_8),
                        -1);
    }

    static Responder redirect(int status, String location) {
        return r -> new Reply(status, Map.of("Location", location), new byte[0], -1);
    }

    /** A JSON body of {@code size} bytes, sent with a Content-Length, or chunked without one. */
    static Responder bigJson(int size, boolean chunked) {
        byte[] body = ("{\"pad\":\"" + "x".repeat(Math.max(0, size - 10)) + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = chunked
                ? Map.of("Content-Type", "application/json", "X-Stub-Transfer", "chunked")
                : Map.of("Content-Type", "application/json");
        return r -> new Reply(200, headers, body, -1);
    }

    /** A gzip-encoded JSON body when the request accepts gzip, else plain. */
    static Responder gzipJson(String body) {
        return r -> {
            String accept = r.header("Accept-Encoding");
            if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("gzip")) {
                return text(200, "application/json", body);
            }
            return new Reply(
                    200,
                    Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                    gzip(body.getBytes(StandardCharsets.UTF_8)),
                    -1);
        };
    }

    /** Headers and a 10-byte start of a 1000-byte body, then nothing until the server closes. */
    static Responder stallingBody() {
        byte[] body = ("{\"page\":" + " ".repeat(990) + "}").getBytes(StandardCharsets.UTF_8);
        return r -> new Reply(200, Map.of("Content-Type", "application/json"), body, 10);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
