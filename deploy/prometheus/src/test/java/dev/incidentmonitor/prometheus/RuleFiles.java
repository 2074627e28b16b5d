package dev.incidentmonitor.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the module's files are, and their YAML. Surefire runs in the module directory, deploy/prometheus. */
final class RuleFiles {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path RUNBOOK = MODULE.resolve("../../docs/runbook.md").normalize();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleFiles() {}

    /** The rule files Prometheus loads ({@code rule_files: rules/*.yml}). */
    static List<Path> rules() throws IOException {
        return list("rules", ".yml");
    }

    /** Example rule files the unit tests load next to the shipped ones (documented override forms). */
    static List<Path> exampleRules() throws IOException {
        return list("tests", ".rules.yml");
    }

    /** The promtool unit-test files. */
    static List<Path> unitTests() throws IOException {
        return list("tests", "_test.yml");
    }

    static JsonNode read(final Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    private static List<Path> list(final String dir, final String suffix) throws IOException {
        try (Stream<Path> files = Files.list(MODULE.resolve(dir))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }
}
