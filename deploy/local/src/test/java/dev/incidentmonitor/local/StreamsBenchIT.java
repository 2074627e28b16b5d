package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bench streams} end to end at a tiny size: embedded broker, real registry, the plain consumer, the
 * minimal aggregate and the full topology (each after its warm-up), then the latency and the open-incidents phases.
 * What it checks is that every phase finished and printed its figures, not how fast it was: a warm-up that left the
 * measured run waiting, for example, would stall it and fail here.
 */
class StreamsBenchIT {

    @Test
    void shouldPrintEveryFigureAfterWarmingEachAppUpWhenRunAtATinySize(@TempDir final Path dataDir) {
        final BenchRun run = BenchRun.execute(
                "bench",
                "streams",
                "--updates",
                "3000",
                "--warmup-updates",
                "1000",
                "--providers",
                "10",
                "--components",
                "3",
                "--days",
                "30",
                "--rate",
                "200",
                "--warmup-seconds",
                "1",
                "--latency-seconds",
                "2",
                "--open-incidents",
                "500",
                "--data-dir",
                dataDir.resolve("run").toString());

        final String printed = run.out();
        assertThat(run.code()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.err())
                .contains("minimal aggregate warmed up over 1,000 updates")
                .contains("full topology warmed up over 1,000 updates");
        assertThat(printed)
                .contains("warm-up: 1,000 updates")
                .contains("full / minimal")
                .contains("full topology state on disk")
                .contains("incident-state-store");
        assertThat(run.count("\\(a\\)  plain consumer \\(byte\\[\\]\\)\\s+([\\d,]+) records/s"))
                .isPositive();
        assertThat(run.count("\\(b\\)  minimal aggregate \\(EOS\\)\\s+([\\d,]+) records/s"))
                .isPositive();
        assertThat(run.count("\\(c\\)  full topology \\(EOS\\)\\s+([\\d,]+) records/s"))
                .isPositive();
        final Matcher latency = Pattern.compile("([\\d,]+) sent at [\\d,]+/s, ([\\d,]+) outputs arrived")
                .matcher(printed);
        assertThat(latency.find()).as("latency line in:%n%s", printed).isTrue();
        assertThat(latency.group(2))
                .as("every update of the latency phase came out")
                .isEqualTo(latency.group(1));
        final Matcher parts = Pattern.compile(
                        "latency mean of the phase\\s+([\\d.,]+) ms: ([\\d.,]+) ms until the app's sink .*"
                                + " \\(commit interval 50 ms: ([\\d.,]+) commits/s, each taking ([\\d.,]+) ms\\)")
                .matcher(printed);
        assertThat(parts.find()).as("latency breakdown in:%n%s", printed).isTrue();
        final double mean = Double.parseDouble(parts.group(1).replace(",", ""));
        final double toSink = Double.parseDouble(parts.group(2).replace(",", ""));
        assertThat(toSink)
                .as("Kafka Streams' e2e latency at the sink, part of the whole")
                .isBetween(0.0, mean);
        // Kafka's rates divide by at least one metrics sample window (30 s), longer than this run's phase
        assertThat(Double.parseDouble(parts.group(3).replace(",", "")))
                .as("commits per second")
                .isPositive();
        assertThat(run.count("open incidents\\s+([\\d,]+)")).isEqualTo(500);
    }
}
