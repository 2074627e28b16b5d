package dev.incidentmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.embedded.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalRunTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void shouldFailWithPortMessageWhenKafkaPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run(
                    "up",
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--registry-home",
                    registryHome().toString(),
                    "--kafka-port",
                    Integer.toString(taken.getLocalPort()),
                    "--registry-port",
                    Integer.toString(Ports.freePort("127.0.0.1")));

            assertThat(code).isEqualTo(1);
            assertThat(err.toString())
                    .contains("error: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .contains("--kafka-port")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void shouldFailWithPortMessageWhenRegistryPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run(
                    "up",
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--registry-home",
                    registryHome().toString(),
                    "--kafka-port",
                    Integer.toString(Ports.freePort("127.0.0.1")),
                    "--registry-port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("is already in use").contains("--registry-port");
        }
    }

    @Test
    void shouldFailWithPathWhenDataDirIsNotWritable() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path dataDir = notADirectory.resolve("data");

        int code = run(
                "up",
                "--data-dir",
                dataDir.toString(),
                "--registry-home",
                registryHome().toString(),
                "--kafka-port",
                Integer.toString(Ports.freePort("127.0.0.1")),
                "--registry-port",
                Integer.toString(Ports.freePort("127.0.0.1")));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(dataDir.toString()).contains("is not writable");
    }

    @Test
    void shouldSayHowToBuildRegistryWhenRegistryHomeIsMissing() {
        Path missing = dir.resolve("no-registry");

        int code = run("up", "--data-dir", dir.resolve("data").toString(), "--registry-home", missing.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("the schema registry is not built: " + missing)
                .contains("-pl deploy/schema-registry")
                .contains("--registry-home");
    }

    @Test
    void shouldShowUsageWhenNoSubcommandIsGiven() {
        int code = run();

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand").contains("up");
    }

    @Test
    void shouldRejectJavaOlderThan17WhenLaunched() {
        assertThat(Main.javaVersionProblem("1.8")).contains("needs Java 17 or newer, but this is Java 1.8");
        assertThat(Main.javaVersionProblem("11")).contains("this is Java 11");
        assertThat(Main.javaVersionProblem("17")).isNull();
        assertThat(Main.javaVersionProblem("21")).isNull();
    }

    private int run(String... args) {
        CommandLine commandLine = LocalRun.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path registryHome() throws IOException {
        return Files.createDirectories(dir.resolve("registry-home"));
    }
}
