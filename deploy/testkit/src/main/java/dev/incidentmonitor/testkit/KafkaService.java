package dev.incidentmonitor.testkit;

/**
 * The shared broker as the extension sees it, whichever way it runs.
 *
 * <p>Values stored in JUnit's root store that are {@link AutoCloseable} are closed when the test run ends
 * (JUnit 5.13 and later), which is what stops the broker once, after the last test class.
 */
interface KafkaService extends AutoCloseable {

    /** The value for {@code bootstrap.servers}. */
    String bootstrapServers();

    @Override
    void close();
}
