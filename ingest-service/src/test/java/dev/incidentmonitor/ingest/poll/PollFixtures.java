package dev.incidentmonitor.ingest.poll;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incidentmonitor.ingest.catalog.ComponentFilter;
import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.catalog.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Test data for the poll package: bodies, providers on a stub server, fast fetch settings. */
final class PollFixtures {
    static final String SHARED_DIR_PROPERTY = "incident-monitor.shared.dir";

    static final String SUMMARY = "/api/v2/summary.json";
    static final String INCIDENTS = "/api/v2/incidents.json";
    static final String MAINTENANCES = "/api/v2/scheduled-maintenances.json";
    static final String COMPONENTS = "/api/v2/components.json";

    private PollFixtures() {}

    /** A classpath body, e.g. {@code poll/statuspage/summary-investigating.json}. */
    static String resource(String name) {
        try (InputStream in = PollFixtures.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hand-made Statuspage body of this package, e.g. {@code summary-investigating.json}. */
    static String statuspage(String name) {
        return resource("poll/statuspage/" + name);
    }

    /** A hand-made incident.io body of the parser tests, e.g. {@code proxy-summary.json}. */
    static String incidentIo(String name) {
        return resource("source/incidentio/" + name);
    }

    /**
     * A shared fixture read from {@code <incident-monitor.shared.dir>/fixtures/}; skips the test when the
     * property is blank, fails when it is set but the file is missing.
     */
    static String sharedFixture(String name) {
        String dir = System.getProperty(SHARED_DIR_PROPERTY);
        assumeTrue(
                dir != null && !dir.isBlank(),
                "shared fixtures not configured: pass -D" + SHARED_DIR_PROPERTY + "=/path/to/shared to run this test");
        Path file = Path.of(dir, "fixtures", name);
        assertTrue(Files.isRegularFile(file), SHARED_DIR_PROPERTY + " is set but " + file + " does not exist");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Provider provider(String id, Platform platform, URI baseUrl) {
        return new Provider(
                id,
                id,
                platform,
                baseUrl,
                Provider.MIN_POLL_INTERVAL,
                Optional.empty(),
                platform == Platform.STATUSPAGE ? 0.3 : 1.0,
                ComponentFilter.ALL,
                true);
    }

    static Provider statuspageProvider(String id, URI baseUrl) {
        return provider(id, Platform.STATUSPAGE, baseUrl);
    }

    static Provider incidentIoProvider(String id, URI baseUrl) {
        return provider(id, Platform.INCIDENTIO, baseUrl);
    }

    /** Short timeouts so failure tests stay quick; 64 KiB cap. */
    static FetchSettings fastFetch() {
        return FetchSettings.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800))
                .withMaxBodyBytes(64 * 1024);
    }
}
