package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code bench availability} end to end at a tiny size: embedded broker, real registry, the minimal aggregate and
 * the real topology. What it checks is that every figure is printed and that the topology produced day records, not
 * how fast it was.
 */
class AvailabilityBenchIT {

    @Test
    void shouldPrintEveryFigureAndWriteDayRecordsWhenRunAtATinySize(@TempDir final Path dataDir) {
        final Path home = EmbeddedSchemaRegistry.defaultHome();
        if (!Files.isDirectory(home)) {
            final String why = "schema registry not built: " + home + " does not exist";
            assertThat("true".equals(System.getenv("CI")))
                    .as("in CI a missing registry is a broken build: %s", why)
                    .isFalse();
            Assumptions.abort(why);
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = LocalRun.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        final int code = commandLine.execute(
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
                dataDir.resolve("run").toString(),
                "--registry-home",
                home.toString());

        final String printed = out.toString();
        assertThat(code).as("exit code; stderr:%n%s", err).isZero();
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
            assertThat(count(printed, "  " + store + "\\s+([\\d,]+) keys"))
                    .as("keys of %s", store)
                    .isPositive();
        }
        final long changes = count(printed, "input status changes\\s+([\\d,]+)");
        assertThat(changes).as("input status changes").isGreaterThanOrEqualTo(12);
        final long serviceDays = count(printed, "([\\d,]+) service-days in the store");
        assertThat(serviceDays)
                .as("12 services, each from its first day up to the last change's day, 11 days at most")
                .isBetween(12L, 12L * 11);
        assertThat(count(printed, "output day records\\s+([\\d,]+)"))
                .as("day records written: each service-day at least once")
                .isGreaterThanOrEqualTo(serviceDays);
        assertThat(count(printed, "([\\d,]+) corrected after final"))
                .as("a replay in time order corrects nothing")
                .isZero();
        assertThat(count(printed, "\\(b\\)  availability topology \\(EOS\\)\\s+([\\d,]+) records/s"))
                .isPositive();
    }

    private static long count(final String printed, final String regex) {
        final Matcher matcher = Pattern.compile(regex).matcher(printed);
        assertThat(matcher.find()).as("%s in:%n%s", regex, printed).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}
