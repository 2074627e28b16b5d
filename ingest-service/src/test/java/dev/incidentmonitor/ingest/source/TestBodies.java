package dev.incidentmonitor.ingest.source;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the hand-made bodies under {@code src/test/resources/source/} and the shared read-only fixtures. */
final class TestBodies {
    static final String SHARED_DIR_PROPERTY = "incident-monitor.shared.dir";

    private TestBodies() {}

    /** A hand-made body, e.g. {@code statuspage/summary-groups.json}. */
    static String resource(String name) {
        try (InputStream in = TestBodies.class.getResourceAsStream("/source/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource source/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A shared fixture, e.g. {@code statuspage/anthropic_summary_....json}, read from
     * {@code <incident-monitor.shared.dir>/fixtures/}. Skips the test when the property is absent or blank;
     * fails when it is set but the file is not there (a misconfigured run must not pass silently).
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
}
