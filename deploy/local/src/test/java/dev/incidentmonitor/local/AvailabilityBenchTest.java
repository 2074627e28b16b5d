package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.streams.config.StreamsAppConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AvailabilityBenchTest {

    @Test
    void shouldUseTheIssuesFiguresWhenNoOptionIsGiven() {
        final AvailabilityBench bench = new AvailabilityBench();
        new CommandLine(bench).parseArgs();

        final SyntheticStatusChanges.Shape shape = bench.shape(Instant.EPOCH);
        assertThat(shape.services()).isEqualTo(10_000);
        assertThat(shape.providers()).isEqualTo(500);
        assertThat(shape.span()).isEqualTo(Duration.ofDays(365));
        assertThat(shape.episodesPerMonth()).isEqualTo(3.0);
        assertThat(bench.partitions).isEqualTo(6);
        assertThat(bench.options.streamsSettings()).containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(bench.appOverrides())
                .as("only the wall clock differs from the app's defaults")
                .containsOnlyKeys(StreamsAppConfig.RELIABILITY_WALL_CLOCK_INTERVAL_MS)
                .containsEntry(
                        StreamsAppConfig.RELIABILITY_WALL_CLOCK_INTERVAL_MS,
                        Duration.ofDays(1).toMillis());
    }

    @Test
    void shouldEndTheDataAtTheStartOfTheUtcDaySoThatRunsOnOneDayReplayTheSameChanges() {
        final Instant morning = Instant.parse("2026-12-07T09:05:51.123Z");
        final Instant evening = Instant.parse("2026-12-07T23:59:59.999Z");

        assertThat(AvailabilityBench.dataEnd(morning))
                .isEqualTo(AvailabilityBench.dataEnd(evening))
                .isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(AvailabilityBench.dataEnd(Instant.parse("2026-12-08T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void shouldTakeSmallSizesWhenQuickUnlessSizesAreGiven() throws Exception {
        final AvailabilityBench quick = parse("--quick");
        final AvailabilityBench quickWithDays = parse("--quick", "--days", "90");

        assertThat(quick.shape(Instant.EPOCH).services()).isEqualTo(200);
        assertThat(quick.shape(Instant.EPOCH).span()).isEqualTo(Duration.ofDays(30));
        assertThat(quickWithDays.shape(Instant.EPOCH).services()).isEqualTo(200);
        assertThat(quickWithDays.shape(Instant.EPOCH).span()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void shouldPassAppSettingsOnWhenGiven() {
        final AvailabilityBench bench = new AvailabilityBench();
        new CommandLine(bench)
                .parseArgs("--app-setting", "app.cooccurrence.max-services=100", "--wall-clock-interval-ms", "60000");

        assertThat(bench.appOverrides())
                .containsEntry("app.cooccurrence.max-services", "100")
                .containsEntry(StreamsAppConfig.RELIABILITY_WALL_CLOCK_INTERVAL_MS, 60_000L);
    }

    @Test
    void shouldRefuseBeforeStartingAnythingWhenAnAppSettingIsUnknown() {
        final StringWriter err = new StringWriter();

        final int code = run(err, "bench", "availability", "--app-setting", "app.no-such-thing=1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("app.no-such-thing").contains("not an app.* setting");
    }

    @Test
    void shouldRefuseBeforeStartingAnythingWhenServicesIsZero() {
        final StringWriter err = new StringWriter();

        final int code = run(err, "bench", "availability", "--services", "0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--services").contains("at least 1");
    }

    /** Parses the options and applies {@code --quick} as the command does. */
    private static AvailabilityBench parse(final String... args) throws Exception {
        final AvailabilityBench bench = new AvailabilityBench();
        final CommandLine commandLine = new CommandLine(bench);
        commandLine.parseArgs(args);
        bench.applyQuick(commandLine.getParseResult());
        return bench;
    }

    private static int run(final StringWriter err, final String... args) {
        final CommandLine commandLine = LocalRun.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }
}
