package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.embedded.EmbeddedSchemaRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

/**
 * One run of a launcher command (a benchmark) in the test's JVM with the built schema registry, and what it printed:
 * the benchmarks' integration tests run them this way and read their figures back.
 *
 * @param code the exit code
 * @param out what it printed on standard output (the figures)
 * @param err what it printed on standard error (progress)
 */
record BenchRun(int code, String out, String err) {

    /**
     * Runs {@code args} with {@code --registry-home} of the built registry; aborts the test when the registry is not
     * built, and fails it instead under {@code CI=true}, where a missing registry is a broken build.
     */
    static BenchRun execute(final String... args) {
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
        final List<String> all = new ArrayList<>(List.of(args));
        all.add("--registry-home");
        all.add(home.toString());
        final int code = commandLine.execute(all.toArray(String[]::new));
        return new BenchRun(code, out.toString(), err.toString());
    }

    /** The number in the first group of the first match of {@code regex} in {@link #out}; fails when none matches. */
    long count(final String regex) {
        final Matcher matcher = Pattern.compile(regex).matcher(out);
        assertThat(matcher.find()).as("%s in:%n%s", regex, out).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}
