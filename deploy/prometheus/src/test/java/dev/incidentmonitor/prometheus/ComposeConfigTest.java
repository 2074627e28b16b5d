package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose.yaml} as Compose itself reads it: {@code docker-compose config} (Debian's docker-compose, which
 * {@code .ci/run} installs) parses the file, checks it against the Compose schema and resolves every variable, all
 * without a Docker engine. Skipped without docker-compose, except under {@code CI=true}.
 */
class ComposeConfigTest {

    @Test
    void shouldPassComposeOwnValidationWhenDockerComposeReadsTheFile() throws Exception {
        final Path compose = RuleFiles.MODULE.getParent().resolve("compose.yaml");
        final Process process = new ProcessBuilder(
                        dockerCompose().toString(), "-f", compose.toString(), "config", "--quiet")
                .directory(compose.getParent().toFile())
                .redirectErrorStream(true)
                .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("docker-compose config finished")
                .isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static Path dockerCompose() {
        final Optional<Path> found = findOnPath("docker-compose");
        if (found.isEmpty()) {
            final String why = "docker-compose not found on the PATH: apt-get install docker-compose, as .ci/run does";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    private static Optional<Path> findOnPath(final String name) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }
}
