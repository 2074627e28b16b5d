package dev.incidentmonitor.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.catalog.Platform;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many pages served at once, as the ingest benchmark does: the second round, sent with the first round's ETags
 * ten simulated minutes later, is answered mostly with 304. Round times are printed, not asserted.
 */
class ManyPagesTest {
    private static final int PAGES = 2_000;
    private static final int CLIENT_THREADS = 8;
    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void shouldAnswerMostOfARoundWith304WhenTwoThousandPagesArePolledWithTheirETags() throws Exception {
        try (StatusPageSimulator sim =
                StatusPageSimulator.start(SimulatorConfig.generate(PAGES, 99).withSimulatedStart(START))) {
            sim.clock().pinTo(START);
            List<URI> summaries = sim.pages().stream()
                    .map(p -> URI.create(sim.baseUrl(p.id())
                            + (p.platform() == Platform.STATUSPAGE
                                    ? "/api/v2/summary.json"
                                    : "/proxy/" + SimHttp.HOST)))
                    .toList();
            Map<URI, String> etags = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                Round first = round(clients, summaries, etags);
                sim.clock().advance(Duration.ofMinutes(10));
                Round second = round(clients, summaries, etags);
                Round third = round(clients, summaries, etags);
                System.out.printf(
                        "simulator, %d pages: first round %d ms (%d x 200), second round %d ms (%d x 304, %d x 200),"
                                + " third round %d ms (%d x 304)%n",
                        PAGES,
                        first.millis,
                        first.ok.get(),
                        second.millis,
                        second.notModified.get(),
                        second.ok.get(),
                        third.millis,
                        third.notModified.get());
                assertThat(first.ok.get()).isEqualTo(PAGES);
                assertThat(second.ok.get() + second.notModified.get()).isEqualTo(PAGES);
                assertThat(second.notModified.get()).isGreaterThan(PAGES * 9 / 10);
                assertThat(third.notModified.get()).isEqualTo(PAGES);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static final class Round {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger notModified = new AtomicInteger();
        long millis;
    }

    private static Round round(ExecutorService clients, List<URI> uris, Map<URI, String> etags) throws Exception {
        Round round = new Round();
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            int first = t;
            futures.add(clients.submit(() -> {
                for (int i = first; i < uris.size(); i += CLIENT_THREADS) {
                    URI uri = uris.get(i);
                    String etag = etags.get(uri);
                    HttpResponse<String> response =
                            etag == null ? SimHttp.get(uri) : SimHttp.get(uri, "If-None-Match", etag);
                    if (response.statusCode() == 200) {
                        round.ok.incrementAndGet();
                        etags.put(uri, response.headers().firstValue("ETag").orElseThrow());
                    } else if (response.statusCode() == 304) {
                        round.notModified.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        round.millis = (System.nanoTime() - started) / 1_000_000;
        return round;
    }
}
