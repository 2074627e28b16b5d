package dev.incidentmonitor.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The HTTP side of an instance: {@code /metrics} in the Prometheus text format, {@code /health/live} and {@code
 * /health/ready} for orchestrators. The JDK's HTTP server is enough for one scrape every few seconds and adds no
 * dependency.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param host address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0} in a container
     * @param port port, 0 for any free one
     * @param registry the registry to scrape
     * @param live whether the process is alive (answers 503 when not)
     * @param ready whether the process is ready to do its work (answers 503 when not)
     * @return the running server
     * @throws IOException when the address cannot be bound (for example, the port is taken)
     */
    public static MetricsServer start(
            final String host,
            final int port,
            final PrometheusMeterRegistry registry,
            final BooleanSupplier live,
            final BooleanSupplier ready)
            throws IOException {
        return start(host, port, registry, live, ready, () -> {});
    }

    /**
     * Starts serving, running {@code beforeScrape} before each scrape: gauges that read state (for example a Kafka
     * Streams store) refresh there, so every scrape sees current values without a background thread.
     *
     * @param host address to bind
     * @param port port, 0 for any free one
     * @param registry the registry to scrape
     * @param live whether the process is alive
     * @param ready whether the process is ready
     * @param beforeScrape runs on the HTTP thread before each {@code /metrics} response; its failure is logged in
     *     the response as a comment, never turned into a failed scrape
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(
            final String host,
            final int port,
            final PrometheusMeterRegistry registry,
            final BooleanSupplier live,
            final BooleanSupplier ready,
            final Runnable beforeScrape)
            throws IOException {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (final java.net.BindException e) {
            throw new IOException("metrics port " + port + " on " + host + " is already in use", e);
        }
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            final Thread thread = new Thread(r, "metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4", scrape(registry, beforeScrape)));
        server.createContext("/health/live", exchange -> health(exchange, live));
        server.createContext("/health/ready", exchange -> health(exchange, ready));
        server.start();
        return new MetricsServer(server, executor);
    }

    private static String scrape(final PrometheusMeterRegistry registry, final Runnable beforeScrape) {
        String problem = "";
        try {
            beforeScrape.run();
        } catch (final RuntimeException e) {
            problem = "# refreshing state gauges failed: " + e + "\n";
        }
        return problem + registry.scrape();
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(final HttpExchange exchange, final BooleanSupplier check) throws IOException {
        final boolean ok = check.getAsBoolean();
        respond(exchange, ok ? 200 : 503, "text/plain", ok ? "UP\n" : "DOWN\n");
    }

    private static void respond(final HttpExchange exchange, final int status, final String type, final String body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
