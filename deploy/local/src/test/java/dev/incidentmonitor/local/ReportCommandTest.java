package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code report} says about bad input: one line on standard error, nothing on standard output. */
class ReportCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void shouldNameTheFolderWhenDatasetDoesNotExist() {
        final Path missing = dir.resolve("no-such-dataset");

        final int code = run("report", "--dataset", missing.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: the dataset folder " + missing + " does not exist\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldNameTheZoneWhenTimeZoneIsUnknown() {
        final int code = run("report", "--dataset", dir.toString(), "--time-zone", "Mars/Olympus_Mons");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("error: unknown time zone 'Mars/Olympus_Mons' (use a region id such as"
                        + " America/Los_Angeles, or UTC)\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldListFormatsWhenFormatIsUnknown() {
        final int code = run("report", "--dataset", dir.toString(), "--format", "xml");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: unknown report format 'xml' (expected one of: text, json)\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldShowUsageWhenDatasetIsNotGiven() {
        final int code = run("report", "--format", "json");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Missing required option: '--dataset=DIR'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldReportNoServiceWhenFolderHoldsNoIncidentFile() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a dataset file");

        final int code = run("report", "--dataset", dir.toString(), "--format", "json");

        assertThat(code).isZero();
        assertThat(err.toString()).contains("read 0 incidents from").contains("(0 rows skipped, 0 warnings)");
        assertThat(out.toString().replaceAll("\\s", "")).isEqualTo("{\"services\":[],\"status_combinations\":{}}");
    }

    private int run(final String... args) {
        final CommandLine commandLine = LocalRun.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
