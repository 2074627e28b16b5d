package dev.incidentmonitor.local;

import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every Kafka Streams benchmark takes ({@code bench streams}, {@code bench availability}), as a picocli
 * mixin: the Streams settings that decide a rate (threads, commit interval, cache), where the run keeps its data, and
 * the seed of its synthetic data.
 *
 * <p>Why one mixin: a benchmark compares its topology with the minimal aggregate measured in the same run, which is
 * only fair when both run with the same Streams settings; sharing the options keeps two benchmarks from drifting
 * apart in what they call the same setting.
 */
final class StreamsBenchOptions {

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed of the synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "num.stream.threads of every Streams app (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(
            names = "--commit-interval-ms",
            paramLabel = "MS",
            defaultValue = "" + StreamsAppConfig.DEFAULT_COMMIT_INTERVAL_MS,
            description = "commit.interval.ms of every Streams app (default: ${DEFAULT-VALUE}, the streams-app's;"
                    + " Kafka's exactly-once default is 100).")
    long commitIntervalMs;

    @Option(
            names = "--cache-bytes",
            paramLabel = "BYTES",
            defaultValue = "10485760",
            description = "statestore.cache.max.bytes of every Streams app (default: ${DEFAULT-VALUE}, Kafka's"
                    + " default).")
    long cacheBytes;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any other setting of every Streams app (a Kafka Streams, consumer or producer setting such"
                    + " as producer.compression.type=lz4, or an app.* setting, which only the streams-app reads);"
                    + " repeatable, applied after the options above.")
    Map<String, String> extraSettings = new LinkedHashMap<>();

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "A new directory for the broker, the registry log and the Streams state, kept after the run"
                    + " (default: a temporary directory, deleted at the end).")
    Path dataDir;

    @Option(
            names = "--registry-home",
            paramLabel = "DIR",
            description = "The built schema registry (default: the system property incident-monitor.registry.home,"
                    + " else the build output of deploy/schema-registry).")
    Path registryHome;

    /** The settings every Streams app of a benchmark shares, so the minimal aggregate and the topology compare. */
    Map<String, Object> streamsSettings() {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        settings.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        // the streams-app's default (no task reads two partitions); the minimal aggregate gets it too, to compare
        // fairly
        settings.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        settings.putAll(extraSettings);
        return settings;
    }

    /** Refuses, before anything starts, a data directory of an earlier run and settings below 1. */
    void validate(final CommandLine commandLine) {
        if (dataDir != null && Files.exists(dataDir.resolve("kafka"))) {
            throw new CommandLine.ParameterException(
                    commandLine,
                    "--data-dir " + dataDir + " holds a broker of an earlier run; give a new directory, so that the"
                            + " topics start empty");
        }
        if (streamThreads < 1 || commitIntervalMs < 1) {
            throw new CommandLine.ParameterException(
                    commandLine, "--stream-threads and --commit-interval-ms must be at least 1");
        }
    }
}
