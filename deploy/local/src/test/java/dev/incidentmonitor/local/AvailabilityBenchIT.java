package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bench availability} end to end at a tiny size: embedded broker, real registry, the minimal aggregate and
 * the real topology. What it checks is that every figure is printed and that the topology produced day records, not
 * how fast it was.
 */
class AvailabilityBenchIT {

    @Test
    void shouldPrintEveryFigureAndWriteDayRecordsWhenRunAtATinySize(@TempDir final Path dataDir) {
        final BenchRun run = BenchRun.execute(
                "bench",
                "availability",
                "--services",
                "12",
                "--components",
                "4",
                "--days",
                "10",
                "--partitions",
                "2",
                "--data-dir",
                dataDir.resolve("run").toString());

        final String printed = run.out();
        assertThat(run.code()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(printed)
                .contains("produced ")
                .contains("(a)  minimal aggregate (EOS)")
                .contains("(b)  availability topology (EOS)")
                .contains("availability / minimal")
                .contains("availability state on disk")
                .contains("minimal state on disk")
                .contains(MinimalAggregate.STORE);
        for (final String store : new String[] {
            "component-timeline-store", "daily-availability-store", "outage-days-store", "cooccurrence-store"
        }) {
            assertThat(run.count("  " + store + "\\s+([\\d,]+) keys"))
                    .as("keys of %s", store)
                    .isPositive();
        }
        final long changes = run.count("input status changes\\s+([\\d,]+)");
        assertThat(changes).as("input status changes").isGreaterThanOrEqualTo(12);
        final long serviceDays = run.count("([\\d,]+) service-days in the store");
        assertThat(serviceDays)
                .as("12 services, each from its first day up to the last change's day, 11 days at most")
                .isBetween(12L, 12L * 11);
        assertThat(run.count("output day records\\s+([\\d,]+)"))
                .as("day records written: each service-day at least once")
                .isGreaterThanOrEqualTo(serviceDays);
        assertThat(run.count("([\\d,]+) corrected after final"))
                .as("a replay in time order corrects nothing")
                .isZero();
        assertThat(run.count("\\(b\\)  availability topology \\(EOS\\)\\s+([\\d,]+) records/s"))
                .isPositive();
        assertThat(printed)
                .as("the metrics refresh, timed over the app's stores")
                .containsPattern("metrics refresh\\s+[\\d,]+\\.\\d ms .*: 12 components, median of 5");
    }
}
