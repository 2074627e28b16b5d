package dev.incidentmonitor.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 that imitates the Confluent Schema Registry endpoints the client uses, records
 * every request, and can be told to fail, stall or demand credentials.
 */
final class FakeRegistryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** One request as the server saw it. */
    record Recorded(String method, String path, String contentType, String authorization, String body) {}

    private record Canned(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Deque<Canned> canned = new ArrayDeque<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Canned always;
    private int stalls;
    private String requiredAuthorization;
    private int nextId = 100;

    private FakeRegistryServer(final HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeRegistryServer http() throws IOException {
        return new FakeRegistryServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FakeRegistryServer https(final SSLContext context, final boolean needClientAuth) throws IOException {
        final HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(final com.sun.net.httpserver.HttpsParameters params) {
                final javax.net.ssl.SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(parameters);
            }
        });
        return new FakeRegistryServer(server);
    }

    String url() {
        final String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The next requests get these answers, in order, before normal service resumes. */
    synchronized FakeRegistryServer failNext(final int times, final int status, final String body) {
        for (int i = 0; i < times; i++) {
            canned.add(new Canned(status, body));
        }
        return this;
    }

    /** Every request gets this answer. */
    synchronized FakeRegistryServer failAlways(final int status, final String body) {
        always = new Canned(status, body);
        return this;
    }

    /** The next {@code times} requests hang until {@link #close()}. */
    synchronized FakeRegistryServer stallNext(final int times) {
        stalls += times;
        return this;
    }

    synchronized FakeRegistryServer requireAuthorization(final String header) {
        requiredAuthorization = header;
        return this;
    }

    synchronized int register(final String subject, final String schema) {
        final int id = idsBySchema.computeIfAbsent(schema, s -> nextId++);
        schemasById.put(id, schema);
        final List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                authorization,
                body));
        final boolean stall;
        final Canned answer;
        synchronized (this) {
            stall = stalls > 0;
            if (stall) {
                stalls--;
            }
            answer = always != null ? always : canned.poll();
        }
        if (stall) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (answer != null) {
            respond(exchange, answer.status(), answer.body());
            return;
        }
        final String required;
        synchronized (this) {
            required = requiredAuthorization;
        }
        if (required != null && !required.equals(authorization)) {
            respond(exchange, 401, error(401, "Unauthorized"));
            return;
        }
        final Canned result =
                serve(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body);
        respond(exchange, result.status(), result.body());
    }

    private synchronized Canned serve(final String method, final String path, final String body) throws IOException {
        final String[] parts = path.substring(1).split("/");
        if (method.equals("POST") && parts.length == 3 && parts[0].equals("subjects") && parts[2].equals("versions")) {
            final int id = register(decode(parts[1]), schemaOf(body));
            return new Canned(200, "{\"id\":" + id + "}");
        }
        if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
            final String subject = decode(parts[1]);
            final List<Integer> versions = versionsBySubject.get(subject);
            if (versions == null) {
                return new Canned(404, error(40401, "Subject '" + subject + "' not found."));
            }
            final Integer id = idsBySchema.get(schemaOf(body));
            if (id == null || !versions.contains(id)) {
                return new Canned(404, error(40403, "Schema not found"));
            }
            return new Canned(200, subjectVersion(subject, versions.indexOf(id) + 1, id));
        }
        if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas") && parts[1].equals("ids")) {
            final String schema = schemasById.get(Integer.parseInt(parts[2]));
            if (schema == null) {
                return new Canned(404, error(40403, "Schema " + parts[2] + " not found"));
            }
            return new Canned(200, JSON.createObjectNode().put("schema", schema).toString());
        }
        if (method.equals("GET") && parts.length == 4 && parts[0].equals("subjects") && parts[3].equals("latest")) {
            final String subject = decode(parts[1]);
            final List<Integer> versions = versionsBySubject.get(subject);
            if (versions == null) {
                return new Canned(404, error(40401, "Subject '" + subject + "' not found."));
            }
            return new Canned(200, subjectVersion(subject, versions.size(), versions.get(versions.size() - 1)));
        }
        if (method.equals("POST") && parts.length == 5 && parts[0].equals("compatibility")) {
            return new Canned(200, "{\"is_compatible\":true}");
        }
        return new Canned(404, error(404, "HTTP 404 Not Found"));
    }

    private String subjectVersion(final String subject, final int version, final int id) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("subject", subject).put("version", version).put("id", id).put("schema", schemasById.get(id));
        return node.toString();
    }

    private static String schemaOf(final String body) throws IOException {
        final JsonNode node = JSON.readTree(body);
        return node.get("schema").asText();
    }

    static String error(final int code, final String message) {
        return JSON.createObjectNode()
                .put("error_code", code)
                .put("message", message)
                .toString();
    }

    private static String decode(final String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
