package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.fail;

import dev.incidentmonitor.embedded.EmbeddedPrometheus;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The installed Prometheus for the tests that run one; they skip without it, except under {@code CI=true}. */
final class PrometheusBinary {

    private PrometheusBinary() {}

    /** The {@code prometheus} executable; aborts the calling test (or fails it under CI) when none is installed. */
    static Path require() {
        Optional<Path> found = EmbeddedPrometheus.findBinary();
        if (found.isEmpty()) {
            String why = "prometheus not found on the PATH: apt-get install prometheus, as .ci/run does";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }
}
