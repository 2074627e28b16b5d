package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamsBenchTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseTheIssuesFiguresWhenNoOptionIsGiven() {
        final StreamsBench bench = new StreamsBench();
        new CommandLine(bench).parseArgs();

        assertThat(bench.updates).isEqualTo(1_000_000);
        assertThat(bench.providers).isEqualTo(500);
        assertThat(bench.components).isEqualTo(8);
        assertThat(bench.rate).isEqualTo(1_000);
        assertThat(bench.latencySeconds).isEqualTo(30);
        assertThat(bench.openIncidents).isEqualTo(100_000);
        assertThat(bench.warmupUpdates).isEqualTo(300_000);
        assertThat(bench.options.dataDir).as("a temporary directory by default").isNull();
        assertThat(bench.options.streamsSettings())
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("num.stream.threads", 1)
                .containsEntry("commit.interval.ms", StreamsAppConfig.DEFAULT_COMMIT_INTERVAL_MS)
                .containsEntry("statestore.cache.max.bytes", 10_485_760L);
    }

    @Test
    void shouldTakeShapeAndSkipOptionsWhenGiven() {
        final StreamsBench bench = new StreamsBench();
        new CommandLine(bench)
                .parseArgs(
                        "--updates",
                        "5000",
                        "--providers",
                        "20",
                        "--components",
                        "3",
                        "--rate",
                        "200",
                        "--latency-seconds",
                        "4",
                        "--open-incidents",
                        "1000",
                        "--stream-threads",
                        "2",
                        "--commit-interval-ms",
                        "1000",
                        "--data-dir",
                        "/tmp/bench",
                        "--warmup-updates",
                        "0",
                        "--set",
                        "producer.linger.ms=5",
                        "--set",
                        "num.stream.threads=3",
                        "--skip-raw",
                        "--skip-minimal",
                        "--skip-latency");

        assertThat(bench.skipRaw).isTrue();
        assertThat(bench.skipMinimal).isTrue();
        assertThat(bench.skipLatency).isTrue();
        assertThat(bench.skipFull).isFalse();
        assertThat(bench.skipState).isFalse();
        assertThat(bench.options.dataDir).isEqualTo(Path.of("/tmp/bench"));
        assertThat(bench.warmupUpdates).isZero();
        assertThat(bench.options.streamsSettings())
                .as("--set applies after the named options")
                .containsEntry("num.stream.threads", "3")
                .containsEntry("producer.linger.ms", "5")
                .containsEntry("commit.interval.ms", 1000L);
        final SyntheticUpdates.Shape shape = bench.replayShape(java.time.Instant.EPOCH);
        assertThat(shape.updates()).isEqualTo(5000);
        assertThat(shape.providers()).isEqualTo(20);
        assertThat(shape.componentsPerProvider()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBeforeStartingAnythingWhenUpdatesIsZero() {
        final StringWriter err = new StringWriter();

        final int code = run(err, "bench", "streams", "--updates", "0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--updates").contains("at least 1");
    }

    @Test
    void shouldRefuseBeforeStartingAnythingWhenWarmupUpdatesIsNegative() {
        final StringWriter err = new StringWriter();

        final int code = run(err, "bench", "streams", "--warmup-updates", "-1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--warmup-updates").contains("at least 0");
    }

    @Test
    void shouldRefuseBeforeStartingAnythingWhenDataDirHoldsAnEarlierBroker() throws IOException {
        Files.createDirectories(dir.resolve("kafka"));
        final StringWriter err = new StringWriter();

        final int code = run(err, "bench", "streams", "--data-dir", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(dir.toString()).contains("give a new directory");
    }

    private static int run(final StringWriter err, final String... args) {
        final CommandLine commandLine = LocalRun.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }
}
