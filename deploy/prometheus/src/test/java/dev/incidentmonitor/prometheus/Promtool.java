package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus' own {@code promtool}, so the rules are checked by the parser and engine that will run them
 * rather than by a re-implementation. It comes with Debian's {@code prometheus} package, which {@code .ci/run}
 * installs; system property {@value #PROPERTY} points at another binary.
 */
final class Promtool {

    /** System property naming the promtool binary; by default {@code promtool} on the {@code PATH}. */
    static final String PROPERTY = "incident-monitor.promtool";

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Path executable;

    private Promtool(final Path executable) {
        this.executable = executable;
    }

    /**
     * The promtool to use. Without one, the calling tests are skipped with a message saying how to install it,
     * except under {@code CI=true}: there a missing promtool is a broken build, never a reason to skip.
     */
    static Promtool require() {
        final Optional<Path> found = find();
        if (found.isEmpty()) {
            final String why = "promtool not found (system property " + PROPERTY + " or PATH): apt-get install"
                    + " prometheus (Debian's package ships promtool), as .ci/run does";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return new Promtool(found.get());
    }

    private static Optional<Path> find() {
        final String configured = System.getProperty(PROPERTY, "");
        if (!configured.isBlank()) {
            final Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        final String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (final String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                final Path candidate = Path.of(dir, "promtool");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code promtool <arguments>} in {@code workingDirectory}, stdout and stderr together. */
    Result run(final Path workingDirectory, final List<String> arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        final Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        final byte[][] output = new byte[1][];
        final Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (final IOException e) {
                output[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join(5_000);
            return new Result(-1, "timed out after " + TIMEOUT + ": " + String.join(" ", command));
        }
        reader.join(5_000);
        return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }

    /** Exit code and output of one promtool run. */
    record Result(int exitCode, String output) {}
}
